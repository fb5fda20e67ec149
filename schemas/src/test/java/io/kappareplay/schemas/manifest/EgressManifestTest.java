package io.kappareplay.schemas.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.schemas.kafka.PartitionCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressManifestTest {

    @Test
    void writesTheDocumentedJsonAndReadsItBack(@TempDir Path directory) throws Exception {
        EgressManifest manifest =
                new EgressManifest(
                        "orders",
                        Instant.parse("2026-11-25T02:00:00Z"),
                        EgressManifest.TopicEnd.of(
                                "kappa.orders.egress",
                                List.of(
                                        new PartitionCount(0, 12, 11),
                                        new PartitionCount(1, 0, 0))),
                        EgressManifest.TopicEnd.of(
                                "kappa.orders.dlq", List.of(new PartitionCount(0, 3, 2))));
        Path file = directory.resolve("manifests/orders/egress.json");

        manifest.writeTo(file);

        String json = Files.readString(file);
        assertThat(json)
                .contains("\"job\" : \"orders\"")
                .contains("\"drained_at\" : \"2026-11-25T02:00:00Z\"")
                .contains("\"end_offset\" : 12")
                .contains("\"records\" : 11");
        EgressManifest read = EgressManifest.fromJson(json);
        assertThat(read).isEqualTo(manifest);
        assertThat(read.egress().records()).isEqualTo(11);
        assertThat(read.dlq().records()).isEqualTo(2);
    }

    @Test
    void somethingElseIsRefusedByName() {
        assertThatThrownBy(() -> EgressManifest.fromJson("{\"job\": 1}"))
                .hasMessageContaining("Not an egress manifest (egress.json)");
    }
}

package io.kappareplay.schemas.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressManifestTest {
    private static final Instant SNAPSHOT = Instant.parse("2024-06-30T00:00:00Z");
    private static final Instant STARTED = Instant.parse("2024-07-01T02:00:00Z");
    private static final Instant FINISHED = Instant.parse("2024-07-01T02:03:10.250Z");

    private static IngressManifest manifest(List<PartitionSummary> partitions) {
        return IngressManifest.of(
                "orders", SNAPSHOT, "8744736658442914487", STARTED, FINISHED, 5, 1, partitions);
    }

    @Test
    void writesTheDocumentedJsonAndReadsItBack(@TempDir Path directory) throws Exception {
        IngressManifest manifest =
                manifest(
                        List.of(
                                new PartitionSummary(1, 0, null, null, 0, 0),
                                new PartitionSummary(0, 4, 0L, 5L, 7, 42)));
        Path file = directory.resolve("kappa/manifests/orders/ingress.json");

        manifest.writeTo(file);

        String json = Files.readString(file);
        assertThat(json)
                .contains("\"job\" : \"orders\"")
                .contains("\"topic\" : \"kappa.orders.ingress\"")
                .contains("\"snapshot\" : \"2024-06-30T00:00:00Z\"")
                .contains("\"source_snapshot_id\" : \"8744736658442914487\"")
                .contains("\"started_at\" : \"2024-07-01T02:00:00Z\"")
                .contains("\"finished_at\" : \"2024-07-01T02:03:10.250Z\"")
                .contains("\"source_rows\" : 5")
                .contains("\"rejects\" : 1")
                .contains("\"records\" : 4")
                .contains("\"first_offset\" : 0")
                .contains("\"last_offset\" : 5")
                .contains("\"end_offset\" : 7")
                .contains("\"key_checksum\" : 42")
                .contains("\"first_offset\" : null")
                .doesNotContain("surplus");
        IngressManifest read = IngressManifest.fromJson(json);
        assertThat(read).isEqualTo(manifest);
        assertThat(read.partitions()).extracting(PartitionSummary::partition).containsExactly(0, 1);
        assertThat(read.surplusRecords()).isZero();
        assertThat(file.resolveSibling("ingress.json.tmp")).doesNotExist();
    }

    @Test
    void writesToAStreamAndLeavesItOpen() {
        IngressManifest manifest = manifest(List.of(new PartitionSummary(0, 4, 10L, 20L, 22, -7)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        manifest.writeTo(out);
        out.write('\n');

        assertThat(IngressManifest.fromJson(out.toString(StandardCharsets.UTF_8)))
                .isEqualTo(manifest);
    }

    @Test
    void aMissingSourceSnapshotIdIsNull() {
        IngressManifest manifest =
                IngressManifest.of("orders", SNAPSHOT, null, STARTED, FINISHED, 0, 0, List.of());

        assertThat(manifest.toJson()).contains("\"source_snapshot_id\" : null");
        assertThat(IngressManifest.fromJson(manifest.toJson())).isEqualTo(manifest);
    }

    @Test
    void theTotalChecksumWrapsAroundModTwoToTheSixtyFour() {
        IngressManifest manifest =
                IngressManifest.of(
                        "orders",
                        SNAPSHOT,
                        null,
                        STARTED,
                        FINISHED,
                        3,
                        0,
                        List.of(
                                new PartitionSummary(0, 1, 0L, 0L, 2, Long.MAX_VALUE),
                                new PartitionSummary(1, 1, 0L, 0L, 2, Long.MAX_VALUE),
                                new PartitionSummary(2, 1, 0L, 0L, 2, 5)));

        // (2^63 - 1) + (2^63 - 1) + 5 = 2^64 + 3, which is 3 mod 2^64.
        assertThat(manifest.keyChecksum()).isEqualTo(3);
        assertThat(IngressManifest.fromJson(manifest.toJson()).keyChecksum()).isEqualTo(3);
    }

    @Test
    void duplicatesAndLossesShowAsSurplus() {
        List<PartitionSummary> seven = List.of(new PartitionSummary(0, 7, 0L, 8L, 10, 1));

        assertThat(
                        IngressManifest.of("orders", SNAPSHOT, null, STARTED, FINISHED, 6, 1, seven)
                                .surplusRecords())
                .isEqualTo(2);
        assertThat(
                        IngressManifest.of("orders", SNAPSHOT, null, STARTED, FINISHED, 9, 0, seven)
                                .surplusRecords())
                .isEqualTo(-2);
    }

    @Test
    void totalsThatAreNotTheSumsOfThePartitionsAreRefused() {
        String json =
                manifest(List.of(new PartitionSummary(0, 4, 0L, 5L, 7, 42)))
                        .toJson()
                        .replace(
                                "\"records\" : 4,\n  \"key_checksum\"",
                                "\"records\" : 3,\n  \"key_checksum\"");

        assertThatThrownBy(() -> IngressManifest.fromJson(json))
                .hasMessageContaining("Not an ingress manifest (ingress.json)")
                .hasMessageContaining(
                        "the totals (records 3, key_checksum 42) are not the sums of the"
                                + " partitions (records 4, key_checksum 42)");
    }

    @Test
    void offsetsAreNullExactlyWhenAPartitionHasNoRecords() {
        assertThatThrownBy(() -> new PartitionSummary(3, 0, 0L, 0L, 1, 0))
                .hasMessage(
                        "Partition summary 3 is not valid: first_offset and last_offset are null"
                                + " exactly when records is 0, but records is 0, first_offset 0,"
                                + " last_offset 0");
    }

    @Test
    void somethingElseIsRefusedByName() {
        assertThatThrownBy(() -> IngressManifest.fromJson("{\"job\": \"orders\"}"))
                .hasMessageContaining("Not an ingress manifest (ingress.json)");
    }
}

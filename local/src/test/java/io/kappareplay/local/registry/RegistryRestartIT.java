package io.kappareplay.local.registry;

import static io.kappareplay.local.registry.RegistryConformanceIT.ORDER_V1;
import static io.kappareplay.local.registry.RegistryConformanceIT.ORDER_V2;
import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry's state lives in its compacted topic: a SIGKILLed registry comes back whole. */
class RegistryRestartIT {

    @Test
    void killedRegistryRebuildsIdsVersionsConfigsAndSoftDeletesFromItsTopic() {
        try (TestingRegistry registry = TestingRegistry.start(TestingKafka.shared())) {
            RegistryHttp http = RegistryHttp.plain(registry.url());
            int id1 = http.register("restart-orders-value", ORDER_V1).body().get("id").asInt();
            int id2 = http.register("restart-orders-value", ORDER_V2).body().get("id").asInt();
            http.register("restart-gone-value", "\"string\"");
            http.delete("/subjects/restart-gone-value");
            int purged = http.register("restart-purged-value", "\"long\"").body().get("id").asInt();
            http.delete("/subjects/restart-purged-value");
            http.delete("/subjects/restart-purged-value?permanent=true");
            http.delete("/subjects/restart-orders-value/versions/1");
            http.put("/config", Map.of("compatibility", "FULL"));
            http.put("/config/restart-orders-value", Map.of("compatibility", "NONE"));
            long pidBefore = registry.pid();

            registry.kill();
            registry.restart();

            assertThat(registry.pid()).isNotEqualTo(pidBefore);
            assertThat(http.get("/schemas/ids/" + id1).body().get("schema").asText())
                    .contains("Order");
            assertThat(http.get("/schemas/ids/" + id2).body().get("schema").asText())
                    .contains("currency");
            assertThat(http.get("/subjects/restart-orders-value/versions").body().toString())
                    .isEqualTo("[2]");
            assertThat(
                            http.get("/subjects/restart-orders-value/versions/latest")
                                    .body()
                                    .get("id")
                                    .asInt())
                    .isEqualTo(id2);
            assertThat(http.get("/subjects").body().toString())
                    .contains("\"restart-orders-value\"")
                    .doesNotContain("\"restart-gone-value\"");
            assertThat(http.get("/subjects?deleted=true").body().toString())
                    .contains("\"restart-gone-value\"");
            assertThat(http.get("/config").body().get("compatibilityLevel").asText())
                    .isEqualTo("FULL");
            assertThat(
                            http.get("/config/restart-orders-value")
                                    .body()
                                    .get("compatibilityLevel")
                                    .asText())
                    .isEqualTo("NONE");

            // The same schema keeps its id; a new one gets a fresh id, never a reused one.
            assertThat(http.register("restart-orders-value", ORDER_V2).body().get("id").asInt())
                    .isEqualTo(id2);
            int id3 =
                    http.register(
                                    "restart-new-value",
                                    "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}")
                            .body()
                            .get("id")
                            .asInt();
            assertThat(id3)
                    .as("ids are never reused, not even a purged schema's")
                    .isGreaterThan(purged);
            assertThat(purged).isGreaterThan(Math.max(id1, id2));
        }
    }
}

package io.kappareplay.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.scala.DefaultScalaModule;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * This module runs kappa-schemas on the Jackson that Spark 4.0 ships (2.18), not the root's:
 * Spark's Scala module refuses any other databind minor, and the spec parser must work on the one
 * Spark loads first.
 */
class SparkJacksonTest {

    @Test
    void sparksScalaModuleAcceptsTheJacksonOnTheClasspath() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new DefaultScalaModule());

        assertThat(mapper.getRegisteredModuleIds()).isNotEmpty();
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion())
                .isEqualTo(18);
    }

    @Test
    void jobSpecParserRunsOnSparksJackson() {
        JobSpec spec =
                new JobSpecParser(Map.of())
                        .parse(
                                """
                                job-id: orders-2024-06
                                source:
                                  format: parquet
                                  path: file:///tmp/orders
                                  key-column: order_id
                                  point-in-time:
                                    mode: window
                                    event-time-column: ordered_at
                                    from: 2024-06-01T00:00:00Z
                                    to: 2024-07-01T00:00:00Z
                                ingress:
                                  contract:
                                    subject: orders-contract-value
                                  column-mapping:
                                    order_ts: orderTime
                                warehouse-root: file:///tmp/kappa-warehouse
                                kafka:
                                  bootstrap-servers: localhost:9092
                                registry:
                                  url: http://localhost:8081
                                """,
                                "inline");

        assertThat(spec.ingress().columnMapping()).containsEntry("order_ts", "orderTime");
    }
}

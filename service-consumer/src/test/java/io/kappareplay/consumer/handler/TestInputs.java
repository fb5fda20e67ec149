package io.kappareplay.consumer.handler;

import io.kappareplay.service.api.HandlerConfig;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayInput;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Inputs as the runtime would hand them to a handler: orders with a {@code sku}. */
final class TestInputs {

    static final Schema ORDER =
            SchemaBuilder.record("Order")
                    .namespace("com.acme")
                    .fields()
                    .requiredString("sku")
                    .endRecord();

    private static final Instant SNAPSHOT = Instant.parse("2024-06-01T00:00:00Z");

    private TestInputs() {}

    static ReplayInput order(String key, String sku) {
        GenericRecord value = new GenericData.Record(ORDER);
        value.put("sku", sku);
        return new ReplayInput(key, value);
    }

    static ReplayContext context(String key) {
        return new ReplayContext(
                "pricing-sim", key, Map.of(), 1, Instant.now().plusSeconds(30), SNAPSHOT, true);
    }

    static HandlerConfig config() {
        return new HandlerConfig("pricing-sim", SNAPSHOT, Map.of("region", "eu"));
    }
}

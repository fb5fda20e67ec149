package io.kappareplay.bench;

import io.kappareplay.service.api.HandlerConfig;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The service consumer-throughput.sh replays: a blocking handler that stands for a remote call by
 * sleeping (20 ms unless {@code -Dkappa.bench.handler-sleep-ms} says otherwise), then emits one
 * output per input. consumer-throughput.sh compiles it into a jar of its own, which the runtime
 * loads child-first like any service's jar.
 */
public final class SleepingHandler implements ReplayHandler {
    static final Schema OUTPUT =
            new Schema.Parser()
                    .parse(
                            "{\"type\": \"record\", \"name\": \"BenchOutput\","
                                    + " \"namespace\": \"io.kappareplay.bench\", \"fields\": ["
                                    + "{\"name\": \"i\", \"type\": \"int\"},"
                                    + "{\"name\": \"customer\", \"type\": \"string\"},"
                                    + "{\"name\": \"price\", \"type\": \"double\"}]}");

    private long sleepMillis;

    @Override
    public void open(HandlerConfig config) {
        // ConsumerMain opens handlers without properties, so the bench passes its one knob this way.
        sleepMillis = Long.getLong("kappa.bench.handler-sleep-ms", 20);
    }

    @Override
    public Optional<Schema> outputSchema() {
        return Optional.of(OUTPUT);
    }

    @Override
    public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) throws Exception {
        Thread.sleep(sleepMillis);
        return List.of(output(input));
    }

    /** The output every bench handler emits for an input. */
    static ReplayOutput output(ReplayInput input) {
        GenericRecord output = new GenericData.Record(OUTPUT);
        output.put("i", input.value().get("i"));
        output.put("customer", input.value().get("customer").toString());
        output.put("price", (Double) input.value().get("amount") * 1.2);
        return ReplayOutput.of(output);
    }
}

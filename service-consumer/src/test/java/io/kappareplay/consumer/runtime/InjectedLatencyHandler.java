package io.kappareplay.consumer.runtime;

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
 * A blocking handler that calls a "dependency" whose latency the test sets ({@link
 * InjectedLatency}) and returns one output per input.
 */
public class InjectedLatencyHandler implements ReplayHandler {
    public static final Schema OUTPUT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "LatencyResult", "namespace": "test.runtime",
                             "fields": [{"name": "i", "type": "int"}]}""");

    @Override
    public Optional<Schema> outputSchema() {
        return Optional.of(OUTPUT);
    }

    @Override
    public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) throws Exception {
        InjectedLatency.call();
        GenericRecord output = new GenericData.Record(OUTPUT);
        output.put("i", input.value().get("i"));
        return List.of(ReplayOutput.of(output));
    }
}

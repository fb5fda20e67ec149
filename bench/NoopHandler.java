package io.kappareplay.bench;

import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/** bench/consumer.sh's no-op handler: one output per input, no work, to show the runtime's cost. */
public final class NoopHandler implements ReplayHandler {
    @Override
    public Optional<Schema> outputSchema() {
        return Optional.of(SleepingHandler.OUTPUT);
    }

    @Override
    public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
        return List.of(SleepingHandler.output(input));
    }
}

package io.kappareplay.bench;

import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * bench/consumer.sh's CPU-bound handler: {@link BusyLoop} for {@code -Dkappa.bench.busy-iterations}
 * rounds (the driver calibrates them to about 0.5 ms of one core), then one output per input.
 */
public final class BusyHandler implements ReplayHandler {
    private final long iterations = Long.getLong("kappa.bench.busy-iterations", 100_000);

    @Override
    public Optional<Schema> outputSchema() {
        return Optional.of(SleepingHandler.OUTPUT);
    }

    @Override
    public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
        BusyLoop.spin(iterations, input.key().hashCode());
        return List.of(SleepingHandler.output(input));
    }
}

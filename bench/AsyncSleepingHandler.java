package io.kappareplay.bench;

import io.kappareplay.service.api.HandlerConfig;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;

/**
 * A non-blocking handler for bench/consumer.sh: stands for an asynchronous remote call that
 * answers after 200 ms (unless {@code -Dkappa.bench.async-sleep-ms} says otherwise), by completing
 * the future from a scheduled executor, so no worker thread waits. One output per input, as
 * {@link SleepingHandler}.
 */
public final class AsyncSleepingHandler implements ReplayHandler {
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "bench-async-timer");
                        thread.setDaemon(true);
                        return thread;
                    });
    private long delayMillis;

    @Override
    public void open(HandlerConfig config) {
        delayMillis = Long.getLong("kappa.bench.async-sleep-ms", 200);
    }

    @Override
    public Optional<Schema> outputSchema() {
        return Optional.of(SleepingHandler.OUTPUT);
    }

    @Override
    public CompletionStage<List<ReplayOutput>> handleAsync(
            ReplayInput input, ReplayContext context) {
        CompletableFuture<List<ReplayOutput>> result = new CompletableFuture<>();
        timer.schedule(
                () -> result.complete(List.of(SleepingHandler.output(input))),
                delayMillis,
                TimeUnit.MILLISECONDS);
        return result;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

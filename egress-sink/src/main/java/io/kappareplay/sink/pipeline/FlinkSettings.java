package io.kappareplay.sink.pipeline;

import io.kappareplay.sink.options.SinkOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The Flink configuration a sink run gets: checkpoints, restarts, object reuse, and loopback
 * addresses for the in-process MiniCluster (which binds to every interface otherwise; a cluster run
 * under {@code flink run} ignores them).
 */
final class FlinkSettings {
    private FlinkSettings() {}

    static Configuration of(SinkOptions options) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rest.bind-address", "127.0.0.1");
        settings.put("rest.address", "127.0.0.1");
        settings.put("jobmanager.rpc.address", "127.0.0.1");
        settings.put("jobmanager.bind-host", "127.0.0.1");
        settings.put("taskmanager.bind-host", "127.0.0.1");
        settings.put("taskmanager.host", "127.0.0.1");
        settings.put(
                "execution.checkpointing.interval",
                options.checkpointInterval().toMillis() + " ms");
        settings.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        // The final checkpoint at the end of a bounded input commits the last part files.
        settings.put("execution.checkpointing.checkpoints-after-tasks-finish.enabled", "true");
        options.checkpointDir()
                .ifPresent(
                        directory -> {
                            settings.put("execution.checkpointing.storage", "filesystem");
                            settings.put("execution.checkpointing.dir", directory.toString());
                        });
        settings.put("restart-strategy.type", "fixed-delay");
        settings.put(
                "restart-strategy.fixed-delay.attempts",
                Integer.toString(options.restartAttempts()));
        settings.put("restart-strategy.fixed-delay.delay", "1 s");
        // Rows of different jobs have different Avro schemas and travel as plain GenericRecords:
        // reuse keeps the chained source and writers from copying them through Kryo.
        settings.put("pipeline.object-reuse", "true");
        settings.put("parallelism.default", Integer.toString(options.parallelism()));
        return Configuration.fromMap(settings);
    }
}

package io.kappareplay.sink.testing;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.sink.options.SinkOptionKey;
import io.kappareplay.sink.options.SinkOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Options of a sink run against the shared test broker and registry. */
public final class SinkRuns {
    private SinkRuns() {}

    /** A fresh warehouse directory under the module's IT work directory. */
    public static Path warehouse(String name) {
        try {
            Path base =
                    Path.of(System.getProperty("kappa.test.work-dir", "target/kappa-it"))
                            .toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SinkOptions bounded(String job, URI warehouse, Map<SinkOptionKey, String> more) {
        Map<SinkOptionKey, String> values = new EnumMap<>(SinkOptionKey.class);
        values.put(SinkOptionKey.JOB, job);
        values.put(SinkOptionKey.BOOTSTRAP_SERVERS, TestingKafka.shared().bootstrapServers());
        values.put(SinkOptionKey.REGISTRY_URL, TestingRegistry.shared().url());
        values.put(SinkOptionKey.WAREHOUSE, warehouse.toString());
        values.putAll(more);
        return SinkOptions.from(values, Map.of(), Map.of());
    }
}

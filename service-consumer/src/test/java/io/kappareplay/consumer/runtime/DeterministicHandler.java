package io.kappareplay.consumer.runtime;

import io.kappareplay.service.api.HandlerConfig;
import io.kappareplay.service.api.PermanentHandlerException;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import io.kappareplay.service.api.RetriableHandlerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A blocking test handler whose outputs are a known function of the input's {@code i}: none when
 * {@code i % 10 == 0}, two when {@code i % 10 == 1}, else one. Optional failures and a sleep come
 * from the handler config's properties: {@code sleep-ms} for every input, plus, with {@code
 * sleep-spread-ms}, a further 0 to that many ms that vary with {@code i}, so records of one
 * partition finish out of order. With {@code ends-file}, {@link #close} writes when each call ended
 * ({@link System#nanoTime()}, one per line) to that file, for a test that runs it in a child JVM,
 * and the JVM's hiccups ({@link HiccupMeter}: from and to, one per line) to the same name with
 * {@code .hiccups} appended.
 */
public class DeterministicHandler implements ReplayHandler {
    public static final Schema OUTPUT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "ReplayResult", "namespace": "test.runtime",
                             "fields": [
                               {"name": "i", "type": "int"},
                               {"name": "index", "type": "int"},
                               {"name": "value", "type": "string"}
                             ]}""");

    private long sleepMillis;
    private long sleepSpreadMillis;
    private int permanentEvery;
    private int retriableEvery;
    private int hugeEvery;
    private Optional<Path> endsFile;
    private HiccupMeter hiccups;

    public static int outputCount(int i) {
        return i % 10 == 0 ? 0 : i % 10 == 1 ? 2 : 1;
    }

    public static String valueOf(int i, int index) {
        return "out-" + (i * 31L + index * 7L);
    }

    /** Inputs failing for good: {@code i % every == 3}. */
    public static boolean failsPermanently(int i, int every) {
        return every > 0 && i % every == 3;
    }

    /**
     * Inputs whose output is 2 MiB, above a producer's default {@code max.request.size}: {@code i %
     * every == 5}. Their sends fail, so they end in the DLQ at stage {@code produce}.
     */
    public static boolean isHuge(int i, int every) {
        return every > 0 && i % every == 5;
    }

    /** Inputs failing their first two attempts: {@code i % every == 4}. */
    public static boolean failsTwice(int i, int every) {
        return every > 0 && i % every == 4;
    }

    @Override
    public void open(HandlerConfig config) {
        sleepMillis = Long.parseLong(config.properties().getOrDefault("sleep-ms", "0"));
        sleepSpreadMillis =
                Long.parseLong(config.properties().getOrDefault("sleep-spread-ms", "0"));
        permanentEvery = Integer.parseInt(config.properties().getOrDefault("permanent-every", "0"));
        retriableEvery = Integer.parseInt(config.properties().getOrDefault("retriable-every", "0"));
        hugeEvery = Integer.parseInt(config.properties().getOrDefault("huge-every", "0"));
        endsFile = Optional.ofNullable(config.properties().get("ends-file")).map(Path::of);
        if (endsFile.isPresent()) {
            hiccups = new HiccupMeter();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (endsFile.isPresent()) {
            Files.write(endsFile.get(), HandlerProbe.ends().stream().map(String::valueOf).toList());
            Files.write(
                    Path.of(endsFile.get() + ".hiccups"),
                    hiccups.stop().stream().map(h -> h.fromNanos() + " " + h.toNanos()).toList());
        }
    }

    @Override
    public Optional<Schema> outputSchema() {
        return Optional.of(OUTPUT);
    }

    @Override
    public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) throws Exception {
        HandlerProbe.enter();
        try {
            int i = (Integer) input.value().get("i");
            long sleep = sleepMillis + Math.floorMod(i * 7919L, sleepSpreadMillis + 1);
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
            if (failsPermanently(i, permanentEvery)) {
                throw new PermanentHandlerException("input " + i + " is refused for good");
            }
            if (failsTwice(i, retriableEvery) && context.attempt() < 3) {
                throw new RetriableHandlerException(
                        "input " + i + " fails attempt " + context.attempt());
            }
            List<ReplayOutput> outputs = new ArrayList<>();
            for (int index = 0; index < outputCount(i); index++) {
                GenericRecord output = new GenericData.Record(OUTPUT);
                output.put("i", i);
                output.put("index", index);
                output.put("value", isHuge(i, hugeEvery) ? "x".repeat(2 << 20) : valueOf(i, index));
                outputs.add(ReplayOutput.of(output));
            }
            return outputs;
        } finally {
            HandlerProbe.exit();
        }
    }
}

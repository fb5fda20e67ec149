package io.kappareplay.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ReplayHandlerTest {
    private static final Schema PERSON =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Person\",\"fields\":"
                                    + "[{\"name\":\"name\",\"type\":[\"null\",\"string\"]}]}");
    private static final ReplayContext CONTEXT =
            new ReplayContext(
                    "people",
                    "k1",
                    Map.of("kappa.lineage", "row-1"),
                    1,
                    Instant.parse("2026-01-01T00:00:10Z"),
                    Instant.parse("2025-12-31T00:00:00Z"),
                    true);

    @Test
    void asyncFormOfABlockingHandlerCompletesWithItsOutputs() {
        List<ReplayOutput> outputs =
                new UppercaseHandler()
                        .handleAsync(input("ada"), CONTEXT)
                        .toCompletableFuture()
                        .join();
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).key()).isEmpty();
        assertThat(outputs.get(0).value().get("name")).isEqualTo("ADA");
    }

    @Test
    void asyncFormCarriesTheBlockingFormsFailureUnchanged() {
        assertThatThrownBy(
                        () ->
                                new UppercaseHandler()
                                        .handleAsync(input(null), CONTEXT)
                                        .toCompletableFuture()
                                        .join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(PermanentHandlerException.class)
                .hasMessageContaining("input k1 has no name");
    }

    @Test
    void handlerImplementingNeitherFormSaysSo() {
        ReplayHandler empty = new ReplayHandler() {};
        assertThatThrownBy(() -> empty.handle(input("x"), CONTEXT))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("implements neither handle nor handleAsync");
        assertThat(empty.outputSchema()).isEmpty();
    }

    @Test
    void handlersAreFoundThroughTheServiceLoader() {
        assertThat(
                        ServiceLoader.load(ReplayHandler.class).stream()
                                .map(ServiceLoader.Provider::type))
                .containsExactly(UppercaseHandler.class);
    }

    @Test
    void contextAndConfigCopyTheirMapsAndRefuseNonsense() {
        Map<String, String> headers = new HashMap<>(Map.of("a", "1"));
        ReplayContext context =
                new ReplayContext("j", "k", headers, 2, Instant.EPOCH, Instant.EPOCH, false);
        headers.put("b", "2");
        assertThat(context.headers()).containsOnlyKeys("a");
        assertThatThrownBy(() -> context.headers().put("c", "3"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(
                        () ->
                                new ReplayContext(
                                        "j", "k", Map.of(), 0, Instant.EPOCH, Instant.EPOCH, true))
                .hasMessageContaining("attempt must be 1 or more, not 0");
        assertThatThrownBy(() -> new HandlerConfig(null, Instant.EPOCH, Map.of()))
                .hasMessageContaining("jobId");
        assertThat(ReplayOutput.keyed("other", record("x")).key()).contains("other");
    }

    private static ReplayInput input(String name) {
        return new ReplayInput("k1", record(name));
    }

    private static GenericRecord record(String name) {
        GenericRecord record = new GenericData.Record(PERSON);
        record.put("name", name);
        return record;
    }
}

package io.kappareplay.consumer.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.service.api.PermanentHandlerException;
import io.kappareplay.service.api.RetriableHandlerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The classification table of {@link FailureKind}, row by row. */
class FailureKindTest {

    static Stream<Arguments> table() {
        PermanentHandlerException permanent = new PermanentHandlerException("unknown sku");
        return Stream.of(
                Arguments.of(permanent, FailureKind.PERMANENT),
                Arguments.of(new RetriableHandlerException("503"), FailureKind.RETRIABLE),
                Arguments.of(new TimeoutException("deadline overrun"), FailureKind.RETRIABLE),
                Arguments.of(new InterruptedException(), FailureKind.RETRIABLE),
                Arguments.of(new CancellationException(), FailureKind.RETRIABLE),
                Arguments.of(new IllegalStateException("bug"), FailureKind.RETRIABLE),
                Arguments.of(new NullPointerException(), FailureKind.RETRIABLE),
                Arguments.of(
                        new UncheckedIOException(new IOException("reset")), FailureKind.RETRIABLE),
                Arguments.of(new Throwable("odd"), FailureKind.RETRIABLE),
                Arguments.of(new OutOfMemoryError("heap"), FailureKind.FATAL),
                Arguments.of(new StackOverflowError(), FailureKind.FATAL),
                Arguments.of(new NoClassDefFoundError("com/example/Gone"), FailureKind.FATAL),
                Arguments.of(new CompletionException(permanent), FailureKind.PERMANENT),
                Arguments.of(new ExecutionException(permanent), FailureKind.PERMANENT),
                Arguments.of(
                        new CompletionException(new ExecutionException(permanent)),
                        FailureKind.PERMANENT),
                Arguments.of(
                        new CompletionException(new TimeoutException()), FailureKind.RETRIABLE),
                Arguments.of(new CompletionException(new OutOfMemoryError()), FailureKind.FATAL),
                // Only the concurrency wrappers are looked through: the handler chose this type.
                Arguments.of(new RuntimeException(permanent), FailureKind.RETRIABLE),
                Arguments.of(new CompletionException("no cause", null), FailureKind.RETRIABLE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void classifies(Throwable failure, FailureKind expected) {
        assertThat(FailureKind.of(failure)).isEqualTo(expected);
    }

    @Test
    void unwrapGivesWhatTheHandlerThrewForTheErrorHeaders() {
        PermanentHandlerException thrown = new PermanentHandlerException("unknown sku");

        assertThat(FailureKind.unwrap(new CompletionException(new ExecutionException(thrown))))
                .isSameAs(thrown);
        assertThat(FailureKind.unwrap(thrown)).isSameAs(thrown);
    }

    @Test
    void unwrapStopsAtACycleOfWrappers() {
        CompletionException first = new CompletionException("first") {};
        CompletionException second = new CompletionException(first);
        first.initCause(second);

        assertThat(FailureKind.unwrap(first)).isIn(first, second);
    }
}

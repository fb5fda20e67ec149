package io.kappareplay.consumer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class HandlerFormTest {

    @Test
    void aHandlerOverridingHandleIsBlocking() {
        assertThat(HandlerForm.of(Blocking.class)).isEqualTo(HandlerForm.BLOCKING);
    }

    @Test
    void aHandlerOverridingHandleAsyncIsAsync() {
        assertThat(HandlerForm.of(Async.class)).isEqualTo(HandlerForm.ASYNC);
    }

    @Test
    void anOverrideInheritedFromABaseClassCounts() {
        assertThat(HandlerForm.of(InheritsAsync.class)).isEqualTo(HandlerForm.ASYNC);
    }

    @Test
    void aHandlerOverridingNeitherFormIsRefused() {
        assertThatThrownBy(() -> HandlerForm.of(Neither.class))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler class "
                                + Neither.class.getName()
                                + " overrides neither handle nor handleAsync: implement handle for"
                                + " a blocking service, or handleAsync for a non-blocking one");
    }

    @Test
    void aHandlerOverridingBothFormsIsRefused() {
        assertThatThrownBy(() -> HandlerForm.of(Both.class))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessageStartingWith(
                        "Handler class "
                                + Both.class.getName()
                                + " overrides both handle and handleAsync")
                .hasMessageEndingWith("and remove the other");
    }

    static class Blocking implements ReplayHandler {
        @Override
        public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
            return List.of();
        }
    }

    static class Async implements ReplayHandler {
        @Override
        public CompletionStage<List<ReplayOutput>> handleAsync(
                ReplayInput input, ReplayContext context) {
            return CompletableFuture.completedFuture(List.of());
        }
    }

    static class InheritsAsync extends Async {}

    static class Neither implements ReplayHandler {}

    static class Both extends Blocking {
        @Override
        public CompletionStage<List<ReplayOutput>> handleAsync(
                ReplayInput input, ReplayContext context) {
            return CompletableFuture.completedFuture(List.of());
        }
    }
}

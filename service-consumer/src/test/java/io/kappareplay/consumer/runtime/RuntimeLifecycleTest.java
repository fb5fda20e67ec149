package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.schemas.naming.JobNames;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The life both runtimes share; their poll loops on a broker are in the runtimes' ITs. */
class RuntimeLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RuntimeLifecycle lifecycle =
            new RuntimeLifecycle(
                    JobNames.of("orders"),
                    Duration.ofSeconds(1),
                    LoggerFactory.getLogger(RuntimeLifecycleTest.class));

    @Test
    void startsThePollLoopOnItsOwnThreadOnlyOnce() throws Exception {
        CompletableFuture<String> pollThread = new CompletableFuture<>();
        assertThat(lifecycle.running()).as("not started").isFalse();

        lifecycle.start(() -> pollThread.complete(Thread.currentThread().getName()));

        assertThat(pollThread.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("kappa-poll-orders");
        assertThat(lifecycle.running()).isTrue();
        assertThatThrownBy(() -> lifecycle.start(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("job orders was started already");
    }

    @Test
    void awaitTerminationReturnsOnceThePollThreadHasTerminated() throws Exception {
        CountDownLatch loopMayEnd = new CountDownLatch(1);
        lifecycle.start(
                () -> {
                    awaitQuietly(loopMayEnd);
                    lifecycle.terminated();
                });

        assertThat(lifecycle.awaitTermination(Duration.ofMillis(50))).isFalse();
        loopMayEnd.countDown();

        assertThat(lifecycle.awaitTermination(WAIT)).isTrue();
        assertThat(lifecycle.running()).as("terminated").isFalse();
    }

    @Test
    void theFirstFailureIsKeptAndStopsTheLoop() {
        lifecycle.start(() -> {});
        IllegalStateException first = new IllegalStateException("first");

        lifecycle.fail(first);
        lifecycle.fail(new IllegalStateException("a consequence"));

        assertThat(lifecycle.failure()).containsSame(first);
        assertThat(lifecycle.stopRequested()).isTrue();
        assertThat(lifecycle.running()).isFalse();
    }

    @Test
    void closingBeforeStartClosesTheResourcesHereAndForbidsAStart() throws Exception {
        AtomicInteger closed = new AtomicInteger();

        lifecycle.close(closed::incrementAndGet);

        assertThat(closed).hasValue(1);
        assertThat(lifecycle.awaitTermination(Duration.ZERO)).isTrue();
        assertThat(lifecycle.running()).isFalse();
        assertThatThrownBy(() -> lifecycle.start(() -> {}))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingAfterStartStopsTheLoopAndWaitsForItToTerminate() throws Exception {
        AtomicInteger closedByClose = new AtomicInteger();
        lifecycle.start(
                () -> {
                    while (!lifecycle.stopRequested()) {
                        lifecycle.loopCameRound();
                        Thread.onSpinWait();
                    }
                    lifecycle.terminated();
                });

        lifecycle.close(closedByClose::incrementAndGet);

        assertThat(lifecycle.awaitTermination(Duration.ZERO)).as("waited for").isTrue();
        assertThat(closedByClose).as("the poll thread closes what it used").hasValue(0);
    }

    @Test
    void closingOnThePollThreadDoesNotWaitForItself() throws Exception {
        CompletableFuture<Boolean> terminatedWhenCloseReturned = new CompletableFuture<>();
        lifecycle.start(
                () -> {
                    lifecycle.close(() -> {});
                    terminatedWhenCloseReturned.complete(awaitTerminationNow());
                    lifecycle.terminated();
                });

        assertThat(terminatedWhenCloseReturned.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
        assertThat(lifecycle.awaitTermination(WAIT)).isTrue();
    }

    @Test
    void lastLoopNanosIsTheConstructionTimeUntilTheLoopComesRound() {
        long constructed = lifecycle.lastLoopNanos();
        long before = System.nanoTime();

        lifecycle.loopCameRound();

        assertThat(constructed - before).isNotPositive();
        assertThat(lifecycle.lastLoopNanos() - before).isNotNegative();
    }

    @Test
    void noManifestBeforeIngressIsDrained() {
        // Nothing to count: the admin client (none here) is not asked.
        lifecycle.countOutputsIfDrained(null, Map.of());

        assertThat(lifecycle.drained()).isFalse();
        assertThatThrownBy(lifecycle::egressManifest)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "job orders has not drained: the egress manifest exists once job mode has"
                                + " consumed all of kappa.orders.ingress");
    }

    @Test
    void drainedIngressStopsTheLoopButAFailedRuntimeCountsNoManifest() {
        lifecycle.start(() -> {});

        lifecycle.ingressDrained();
        assertThat(lifecycle.stopRequested()).isTrue();
        assertThat(lifecycle.running()).isFalse();

        lifecycle.fail(new IllegalStateException("a dead letter could not be written"));
        // Nothing to count: the admin client (none here) is not asked.
        lifecycle.countOutputsIfDrained(null, Map.of());

        assertThat(lifecycle.drained()).isFalse();
        assertThatThrownBy(lifecycle::egressManifest).isInstanceOf(IllegalStateException.class);
    }

    private boolean awaitTerminationNow() {
        try {
            return lifecycle.awaitTermination(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

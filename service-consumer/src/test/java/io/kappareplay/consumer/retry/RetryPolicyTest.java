package io.kappareplay.consumer.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.service.api.PermanentHandlerException;
import io.kappareplay.service.api.RetriableHandlerException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetriableHandlerException RETRIABLE =
            new RetriableHandlerException("pricing service: 503");

    // The random source's two ends: r = 0 gives the whole backoff, r -> 1 takes off all jitter.
    private static final double LOWEST = 0;
    private static final double HIGHEST = Math.nextDown(1.0);

    @Test
    void withoutJitterTheBackoffDoublesFromTheInitialOneUpToTheCap() {
        RetryPolicy policy =
                new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2), 0, () -> 0.7);

        assertThat(delays(policy, 9))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1600),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2));
    }

    @Test
    void equalJitterKeepsEachDelayWithinTheUpperHalfOfItsBackoff() {
        RetryPolicy low =
                new RetryPolicy(
                        6, Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, () -> LOWEST);
        RetryPolicy high =
                new RetryPolicy(
                        6, Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, () -> HIGHEST);

        assertThat(delays(low, 5))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofSeconds(1));
        assertThat(delays(high, 5))
                .extracting(Duration::toMillis)
                .containsExactly(50L, 100L, 200L, 400L, 500L);
    }

    @Test
    void fullJitterReachesDownToZero() {
        RetryPolicy policy =
                new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, () -> HIGHEST);

        assertThat(delays(policy, 1).get(0)).isLessThan(Duration.ofNanos(1000));
    }

    @Test
    void jitteredDelaysStayWithinTheirRangeAndSpreadOverIt() {
        SplittableRandom random = new SplittableRandom(42);
        RetryPolicy policy =
                new RetryPolicy(
                        8, Duration.ofMillis(100), Duration.ofSeconds(30), 0.5, random::nextDouble);
        long below75ms = 0;

        for (int i = 0; i < 10_000; i++) {
            Duration delay = delays(policy, 1).get(0);
            assertThat(delay)
                    .isGreaterThan(Duration.ofMillis(50))
                    .isLessThanOrEqualTo(Duration.ofMillis(100));
            if (delay.compareTo(Duration.ofMillis(75)) < 0) {
                below75ms++;
            }
        }
        assertThat(below75ms).isBetween(4_500L, 5_500L);
    }

    @Test
    void noDelayExceedsTheCapWhateverTheAttempt() {
        RetryPolicy policy =
                new RetryPolicy(
                        Integer.MAX_VALUE,
                        Duration.ofMillis(1),
                        Duration.ofHours(1),
                        0.5,
                        () -> LOWEST);

        for (int attempt : new int[] {30, 63, 64, 1000, Integer.MAX_VALUE - 1}) {
            RetryDecision decision = policy.decide(attempt, RETRIABLE);
            assertThat(decision)
                    .isEqualTo(new RetryDecision.Retry(attempt + 1, Duration.ofHours(1)));
        }
    }

    @Test
    void theLastAttemptOfTheBudgetGivesUp() {
        RetryPolicy policy =
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1), 0, () -> LOWEST);

        assertThat(policy.decide(1, RETRIABLE))
                .isEqualTo(new RetryDecision.Retry(2, Duration.ofMillis(10)));
        assertThat(policy.decide(2, RETRIABLE))
                .isEqualTo(new RetryDecision.Retry(3, Duration.ofMillis(20)));
        assertThat(policy.decide(3, RETRIABLE))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.ATTEMPTS_EXHAUSTED));
    }

    @Test
    void oneAttemptMeansNoRetry() {
        RetryPolicy policy =
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(1), 0, () -> LOWEST);

        assertThat(policy.decide(1, new TimeoutException("deadline")))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.ATTEMPTS_EXHAUSTED));
    }

    @Test
    void aPermanentFailureGoesToTheDlqAtOnce() {
        RetryPolicy policy = defaults();
        PermanentHandlerException permanent = new PermanentHandlerException("unknown sku");

        assertThat(policy.decide(1, permanent))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.PERMANENT));
        assertThat(policy.decide(1, new CompletionException(permanent)))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.PERMANENT));
    }

    @Test
    void aDeadlineOverrunAndAnyOtherExceptionAreRetried() {
        RetryPolicy policy = defaults();

        assertThat(policy.decide(1, new CompletionException(new TimeoutException())))
                .isInstanceOf(RetryDecision.Retry.class);
        assertThat(policy.decide(4, new IllegalStateException("bug")))
                .isInstanceOf(RetryDecision.Retry.class);
        assertThat(policy.decide(5, new IllegalStateException("bug")))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.ATTEMPTS_EXHAUSTED));
    }

    @Test
    void anErrorStopsTheRuntimeInsteadOfFailingTheRecord() {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");

        assertThat(defaults().decide(1, new CompletionException(error)))
                .isEqualTo(new RetryDecision.Stop(error));
        assertThat(defaults().decide(5, error)).isEqualTo(new RetryDecision.Stop(error));
    }

    @Test
    void theConfigsRetryKeysMakeThePolicy() {
        ConsumerConfig config =
                ConsumerConfig.load(
                        Map.of(),
                        Map.of(),
                        List.of(
                                "--job-spec=j.yaml",
                                "--retry.max-attempts=2",
                                "--retry.initial-backoff=1s",
                                "--retry.max-backoff=1s",
                                "--retry.jitter=0.25"));

        RetryPolicy policy = RetryPolicy.from(config);

        assertThat(policy.maxAttempts()).isEqualTo(2);
        Duration delay = ((RetryDecision.Retry) policy.decide(1, RETRIABLE)).delay();
        assertThat(delay).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
        assertThat(policy.decide(2, RETRIABLE)).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void invalidArgumentsNameTheArgumentAndWhatIsValid() {
        Duration second = Duration.ofSeconds(1);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(0, second, second, 0, () -> 0))
                .withMessage("maxAttempts is 0; use 1 or more (1 = no retries)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(1, Duration.ZERO, second, 0, () -> 0))
                .withMessage("initialBackoff is PT0S; use a positive duration");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(1, second, Duration.ofMillis(1), 0, () -> 0))
                .withMessage(
                        "maxBackoff PT0.001S is less than initialBackoff PT1S; use at least the"
                                + " initial backoff");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(1, second, second, Double.NaN, () -> 0))
                .withMessage("jitter is NaN; use 0 to 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults().decide(0, RETRIABLE))
                .withMessage("attempt is 0; attempts count from 1");
    }

    private static RetryPolicy defaults() {
        return RetryPolicy.from(
                ConsumerConfig.load(Map.of(), Map.of(), List.of("--job-spec=j.yaml")));
    }

    /** The delays of the retries after attempts 1 to {@code count}. */
    private static List<Duration> delays(RetryPolicy policy, int count) {
        return java.util.stream.IntStream.rangeClosed(1, count)
                .mapToObj(
                        attempt ->
                                ((RetryDecision.Retry) policy.decide(attempt, RETRIABLE)).delay())
                .toList();
    }

    /** A failure saying how long to wait, as the HTTP handler's 429 and 503 do. */
    private static final class WaitAtLeast extends RetriableHandlerException
            implements MinimumRetryDelay {
        private final Duration wait;

        WaitAtLeast(Duration wait) {
            super("service: 503");
            this.wait = wait;
        }

        @Override
        public java.util.Optional<Duration> minimumRetryDelay() {
            return java.util.Optional.ofNullable(wait);
        }
    }

    @Test
    void aMinimumRetryDelayLongerThanTheBackoffIsWaitedCappedAtTheMaxBackoff() {
        RetryPolicy policy =
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10), 0.5, () -> 0.9);

        assertThat(policy.decide(1, new WaitAtLeast(Duration.ofSeconds(3))))
                .isEqualTo(new RetryDecision.Retry(2, Duration.ofSeconds(3)));
        assertThat(
                        policy.decide(
                                1, new CompletionException(new WaitAtLeast(Duration.ofMinutes(5)))))
                .isEqualTo(new RetryDecision.Retry(2, Duration.ofSeconds(10)));
    }

    @Test
    void aMinimumRetryDelayShorterThanTheBackoffOrAbsentLeavesTheBackoff() {
        RetryPolicy policy =
                new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10), 0, () -> 0.5);

        assertThat(policy.decide(2, new WaitAtLeast(Duration.ofMillis(10))))
                .isEqualTo(new RetryDecision.Retry(3, Duration.ofSeconds(2)));
        assertThat(policy.decide(2, new WaitAtLeast(null)))
                .isEqualTo(new RetryDecision.Retry(3, Duration.ofSeconds(2)));
    }

    @Test
    void aMinimumRetryDelayDoesNotExtendTheAttemptBudget() {
        RetryPolicy policy =
                new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(10), 0, () -> 0.5);

        assertThat(policy.decide(2, new WaitAtLeast(Duration.ofSeconds(1))))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.ATTEMPTS_EXHAUSTED));
    }
}

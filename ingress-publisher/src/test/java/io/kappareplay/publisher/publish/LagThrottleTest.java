package io.kappareplay.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LagThrottleTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private long now = 100 * SECOND;
    private final List<Long> sleeps = new ArrayList<>();

    /** Answers the scripted lags in turn, the last one for ever after. */
    private final class ScriptedLag implements LagThrottle.Lag {
        private final Deque<Long> answers = new ArrayDeque<>();
        private int asked;

        ScriptedLag(Long... lags) {
            answers.addAll(List.of(lags));
        }

        @Override
        public String group() {
            return "kappa.orders";
        }

        @Override
        public String topic() {
            return "kappa.orders.ingress";
        }

        @Override
        public long current() {
            asked++;
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }
    }

    private LagThrottle throttle(LagThrottle.Lag lag, Map<String, String> settings) {
        return new LagThrottle(
                "orders",
                7,
                lag,
                PublishOptions.fromProperties(settings),
                () -> now,
                nanos -> {
                    sleeps.add(nanos);
                    now += nanos;
                });
    }

    private LagThrottle throttle(LagThrottle.Lag lag) {
        return throttle(
                lag,
                Map.of(
                        "kappa.publisher.max-consumer-lag", "10000",
                        "kappa.publisher.lag-check-interval", "1s",
                        "kappa.publisher.max-lag-wait", "1m"));
    }

    @Test
    void belowTheBoundATaskGoesOn() throws Exception {
        ScriptedLag lag = new ScriptedLag(10_000L);

        throttle(lag).awaitTurn();

        assertThat(sleeps).isEmpty();
        assertThat(lag.asked).isEqualTo(1);
    }

    @Test
    void aboveTheBoundATaskWaitsUntilTheConsumersCatchUp() throws Exception {
        ScriptedLag lag = new ScriptedLag(50_000L, 30_000L, 10_001L, 9_000L);
        long start = now;

        throttle(lag).awaitTurn();

        assertThat(sleeps).containsExactly(SECOND, SECOND, SECOND);
        assertThat(now - start).isEqualTo(3 * SECOND);
        assertThat(lag.asked).isEqualTo(4);
    }

    @Test
    void theBrokerIsAskedAtMostOncePerInterval() throws Exception {
        ScriptedLag lag = new ScriptedLag(0L);
        LagThrottle throttle = throttle(lag);

        for (int i = 0; i < 100; i++) {
            throttle.awaitTurn();
            now += SECOND / 100;
        }

        assertThat(lag.asked).isEqualTo(1);
        throttle.awaitTurn();
        assertThat(lag.asked).isEqualTo(2);
    }

    @Test
    void consumersThatDoNotCatchUpFailTheTaskWithWhatToDo() {
        ScriptedLag lag = new ScriptedLag(250_000L);
        long start = now;

        assertThatThrownBy(() -> throttle(lag).awaitTurn())
                .isInstanceOfSatisfying(
                        PublishFailedException.class,
                        e -> {
                            assertThat(e.job()).isEqualTo("orders");
                            assertThat(e.sparkPartition()).isEqualTo(7);
                        })
                .hasMessage(
                        "Job orders, Spark partition 7: group kappa.orders is still 250000 offsets"
                                + " behind kappa.orders.ingress, above"
                                + " kappa.publisher.max-consumer-lag=10000, after waiting"
                                + " kappa.publisher.max-lag-wait=1m for it to catch up. The"
                                + " transaction is aborted. Start the job's consumers (or add"
                                + " instances), raise kappa.publisher.max-consumer-lag or"
                                + " kappa.publisher.max-lag-wait, or set"
                                + " kappa.publisher.max-consumer-lag=0 to publish without"
                                + " waiting");
        assertThat(now - start).isEqualTo(60 * SECOND);
        assertThat(lag.asked).isEqualTo(61);
    }

    @Test
    void offNeverAsksTheBroker() throws Exception {
        LagThrottle throttle =
                LagThrottle.of(
                        "orders",
                        7,
                        Map.of("bootstrap.servers", "127.0.0.1:1"),
                        PublishOptions.defaults());

        for (int i = 0; i < 1_000; i++) {
            throttle.awaitTurn();
        }
        throttle.close();
    }
}

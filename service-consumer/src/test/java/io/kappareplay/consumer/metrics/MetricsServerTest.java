package io.kappareplay.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final PrometheusMeterRegistry prometheus =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final HttpClient client = HttpClient.newHttpClient();
    private MetricsServer server;
    private ConsumerMeters meters;

    @BeforeEach
    void start() {
        meters = new ConsumerMeters(prometheus, "orders");
        server =
                MetricsServer.start(
                        "127.0.0.1",
                        0,
                        prometheus,
                        new HealthState() {
                            @Override
                            public boolean live() {
                                return true;
                            }

                            @Override
                            public boolean ready() {
                                return ready.get();
                            }

                            @Override
                            public String describe() {
                                return ready.get()
                                        ? "consuming 3 partitions"
                                        : "handler not open yet";
                            }
                        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metricsAreServedInPrometheusFormatWithTheirKappaNames() throws Exception {
        meters.recordFinished(RecordOutcome.EGRESS);
        meters.recordFinished(RecordOutcome.EGRESS);
        meters.recordFinished(RecordOutcome.DLQ);
        meters.handlerLatency().record(Duration.ofMillis(20));
        meters.bindFlowState(() -> 17, () -> 4096, () -> 1000, () -> 2);
        meters.bindLag(new TopicPartition("kappa.orders.ingress", 3), () -> 42);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("kappa_consumer_records_total{job=\"orders\",outcome=\"egress\"} 2.0")
                .contains("kappa_consumer_records_total{job=\"orders\",outcome=\"dlq\"} 1.0")
                .contains("kappa_consumer_handler_latency_seconds_count{job=\"orders\"} 1")
                .contains("kappa_consumer_handler_latency_seconds_bucket")
                .contains("kappa_consumer_in_flight_records{job=\"orders\"} 17.0")
                .contains("kappa_consumer_in_flight_limit{job=\"orders\"} 1000.0")
                .contains("kappa_consumer_lag{job=\"orders\",partition=\"3\"} 42.0");

        meters.unbindLag(new TopicPartition("kappa.orders.ingress", 3));
        assertThat(get("/metrics").body()).doesNotContain("kappa_consumer_lag{");
    }

    @Test
    void probesAnswer200Or503WithTheReason() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("not ok: handler not open yet\n");

        ready.set(true);
        HttpResponse<String> nowReady = get("/readyz");
        assertThat(nowReady.statusCode()).isEqualTo(200);
        assertThat(nowReady.body()).isEqualTo("ok: consuming 3 partitions\n");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        HttpResponse<String> unknown = get("/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("use /metrics, /healthz or /readyz");

        HttpResponse<String> post =
                client.send(
                        HttpRequest.newBuilder(uri("/metrics"))
                                .POST(HttpRequest.BodyPublishers.ofString("x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}

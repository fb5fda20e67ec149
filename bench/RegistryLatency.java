import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * Registry request latency over a keep-alive connection, as a serde's cache miss sees it: one
 * schema registered, then N lookups (POST /subjects/{s}) and N fetches by id (GET /schemas/ids/{id}).
 * Run by registry-latency.sh against a running kappa-local; prints p50/p99/max per operation.
 */
public class RegistryLatency {
    private static final String TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String SCHEMA =
            "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Order\\\",\\\"fields\\\":["
                    + "{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"},"
                    + "{\\\"name\\\":\\\"amount\\\",\\\"type\\\":\\\"double\\\"}]}\"}";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int requests = Integer.parseInt(args[1]);
        HttpClient client = HttpClient.newHttpClient();
        String registered = send(client, post(url + "/subjects/latency-value/versions"));
        String id = registered.replaceAll("\\D+", "");
        // Warm-up: JIT and connection, not measured.
        for (int i = 0; i < 200; i++) {
            send(client, post(url + "/subjects/latency-value"));
        }
        report("lookup  POST /subjects/{s}", measure(client, post(url + "/subjects/latency-value"), requests));
        HttpRequest byId = HttpRequest.newBuilder(URI.create(url + "/schemas/ids/" + id)).header("Accept", TYPE).build();
        report("fetch   GET /schemas/ids/{id}", measure(client, byId, requests));
    }

    private static HttpRequest post(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(SCHEMA))
                .build();
    }

    private static long[] measure(HttpClient client, HttpRequest request, int count) throws Exception {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            send(client, request);
            micros[i] = (System.nanoTime() - started) / 1_000;
        }
        Arrays.sort(micros);
        return micros;
    }

    private static String send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static void report(String operation, long[] sorted) {
        System.out.printf(
                "%-32s n=%d  p50=%.2f ms  p99=%.2f ms  max=%.2f ms%n",
                operation,
                sorted.length,
                sorted[sorted.length / 2] / 1000.0,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }
}

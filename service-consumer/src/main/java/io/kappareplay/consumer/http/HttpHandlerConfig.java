package io.kappareplay.consumer.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of {@link HttpReplayHandler}, read from the job spec's {@code service.properties}.
 * Checked when built: a failure names the key, the value and what would be valid.
 *
 * <pre>{@code
 * service:
 *   handler: io.kappareplay.consumer.http.HttpReplayHandler
 *   output:
 *     avsc: quote.avsc
 *   properties:
 *     http.url: http://127.0.0.1:8000/price
 *     http.timeout: 10s
 *     http.header.Authorization: Bearer ${PRICING_TOKEN}
 * }</pre>
 *
 * @param url where each record is POSTed; {@code http} or {@code https}
 * @param timeout how long one request may take, connecting included
 * @param headers extra request headers, by name
 */
public record HttpHandlerConfig(URI url, Duration timeout, Map<String, String> headers) {

    /** Required: the service's endpoint, an absolute {@code http://} or {@code https://} URL. */
    public static final String URL = "http.url";

    /** Optional: the time one request may take, e.g. {@code 500ms}, {@code 30s}, {@code 2m}. */
    public static final String TIMEOUT = "http.timeout";

    /** Default of {@link #TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Prefix of extra request headers: {@code http.header.X-Api-Key: abc} sends that header. */
    public static final String HEADER_PREFIX = "http.header.";

    /** Headers the handler sets itself, or the JDK client refuses. */
    private static final Set<String> RESERVED =
            Set.of(
                    "content-type",
                    "kappa-snapshot",
                    "content-length",
                    "host",
                    "connection",
                    "expect",
                    "upgrade");

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public HttpHandlerConfig {
        headers = Map.copyOf(headers);
    }

    /**
     * Reads and checks {@code properties}; keys not starting with {@code http.} are left to others.
     *
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static HttpHandlerConfig from(Map<String, String> properties) {
        String urlText = properties.get(URL);
        if (urlText == null || urlText.isBlank()) {
            throw new IllegalArgumentException(
                    "service.properties."
                            + URL
                            + " is missing: set it to the service's endpoint, e.g."
                            + " http://127.0.0.1:8000/handle");
        }
        URI url;
        try {
            url = new URI(urlText.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "service.properties."
                            + URL
                            + " '"
                            + urlText
                            + "' is not a URL: "
                            + e.getMessage()
                            + "; use e.g. http://127.0.0.1:8000/handle",
                    e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "service.properties."
                            + URL
                            + " '"
                            + urlText
                            + "' is not an absolute http:// or https:// URL with a host; use e.g."
                            + " http://127.0.0.1:8000/handle");
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String timeoutText = properties.get(TIMEOUT);
        if (timeoutText != null) {
            Matcher matcher = DURATION.matcher(timeoutText);
            Duration parsed =
                    matcher.matches()
                            ? Duration.of(
                                    Long.parseLong(matcher.group(1)),
                                    switch (matcher.group(2)) {
                                        case "ms" -> ChronoUnit.MILLIS;
                                        case "s" -> ChronoUnit.SECONDS;
                                        default -> ChronoUnit.MINUTES;
                                    })
                            : null;
            if (parsed == null || parsed.isZero() || parsed.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "service.properties."
                                + TIMEOUT
                                + " '"
                                + timeoutText
                                + "' is not a valid timeout: use whole digits and a unit ms, s or"
                                + " m, from 1ms to 60m, e.g. 30s");
            }
            timeout = parsed;
        }
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(HEADER_PREFIX)) {
                String name = key.substring(HEADER_PREFIX.length());
                if (!TOKEN.matcher(name).matches()) {
                    throw new IllegalArgumentException(
                            "service.properties."
                                    + key
                                    + ": '"
                                    + name
                                    + "' is not an HTTP header name; use letters, digits and"
                                    + " '-', e.g. http.header.X-Api-Key");
                }
                if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(
                            "service.properties."
                                    + key
                                    + ": the handler sets "
                                    + name
                                    + " itself (or the HTTP client does); remove the key");
                }
                String value = entry.getValue();
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException(
                            "service.properties." + key + " holds a line break; give one line");
                }
                headers.put(name, value);
            } else if (key.startsWith("http.") && !key.equals(URL) && !key.equals(TIMEOUT)) {
                throw new IllegalArgumentException(
                        "service.properties."
                                + key
                                + " is not a setting of the HTTP handler; use "
                                + URL
                                + ", "
                                + TIMEOUT
                                + " or "
                                + HEADER_PREFIX
                                + "<Name>");
            }
        }
        return new HttpHandlerConfig(url, timeout, headers);
    }
}

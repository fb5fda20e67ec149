package io.kappareplay.schemas.registry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a schema registry: URLs, credentials, TLS, retries, timeout and cache size.
 *
 * <p>Built from the map a Kafka serde receives in {@code configure(Map, boolean)}, under
 * Confluent's key names, so a Confluent client configuration works unchanged; keys of our own start
 * with {@code kappa.registry.}. Keys this class does not know are ignored: the map normally holds
 * every producer or consumer setting. Values may be strings or, for numbers, {@link Number}s.
 * Everything is validated here: a bad value fails with an {@link IllegalArgumentException} naming
 * the key, the value (unless it is a secret) and what would be valid.
 *
 * <pre>{@code
 * RegistryClientConfig config = RegistryClientConfig.from(Map.of(
 *         "schema.registry.url", "https://registry-a:8081,https://registry-b:8081",
 *         "basic.auth.credentials.source", "USER_INFO",
 *         "basic.auth.user.info", "replay:secret"));
 * }</pre>
 */
public final class RegistryClientConfig {

    /**
     * Comma-separated base URLs of the registry ({@code http} or {@code https}, optionally with a
     * path such as Apicurio's {@code /apis/ccompat/v7}). When one cannot be reached the client
     * tries the next. Required.
     */
    public static final String URL = "schema.registry.url";

    /**
     * Where basic-auth credentials come from: {@code URL}, the user info of each URL ({@code
     * http://user:password@host:8081}), or {@code USER_INFO}, the key {@link
     * #BASIC_AUTH_USER_INFO}.
     */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

    /** {@code URL}, as in Confluent's client: a URL without user info then means no basic auth. */
    public static final CredentialsSource DEFAULT_BASIC_AUTH_CREDENTIALS_SOURCE =
            CredentialsSource.URL;

    /**
     * {@code user:password} for basic auth; used when the credentials source is {@code USER_INFO}.
     */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /**
     * Where the bearer token comes from. Only {@code STATIC_TOKEN} ({@link #BEARER_AUTH_TOKEN}) is
     * supported; the key is read so that a Confluent configuration asking for OAuth fails here
     * rather than with 401s later.
     */
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";

    /** A static token sent as {@code Authorization: Bearer <token>}. Exclusive with basic auth. */
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";

    /** A key store file holding the certificates to trust for {@code https} URLs. */
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

    /** The password of the trust store; may be absent for a JKS trust store. */
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

    /** {@code PKCS12} or {@code JKS}. */
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    /** A key store file holding this client's key and certificate, for mutual TLS. */
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";

    /**
     * The password of the key store, also used for the key inside it unless {@link #KEY_PASSWORD}.
     */
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";

    /**
     * The password of the key inside the key store, when it differs from the store's (JKS allows
     * that; PKCS12 files made by keytool do not).
     */
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";

    /** {@code PKCS12} or {@code JKS}. */
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";

    /** PKCS12, the JDK's default key store type. */
    public static final StoreType DEFAULT_STORE_TYPE = StoreType.PKCS12;

    /**
     * How many times a request is sent again after a retriable failure (I/O error, 5xx except 501,
     * 429). Trying the other URLs after an I/O error is part of one attempt, not a retry.
     */
    public static final String MAX_RETRIES = "kappa.registry.max-retries";

    public static final int DEFAULT_MAX_RETRIES = 3;

    /**
     * The wait before the first retry; each further retry waits twice as long (at most {@link
     * #MAX_RETRY_BACKOFF}), less a random part of up to half so that clients do not retry in step.
     */
    public static final String RETRY_BACKOFF_MS = "kappa.registry.retry-backoff-ms";

    public static final int DEFAULT_RETRY_BACKOFF_MS = 100;

    /**
     * The cap on one retry's wait, so that a large {@link #MAX_RETRIES} cannot make a wait grow
     * past what any registry failover takes.
     */
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(10);

    /** How long one HTTP request (and connecting for it) may take before it counts as failed. */
    public static final String REQUEST_TIMEOUT_MS = "kappa.registry.request-timeout-ms";

    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

    /**
     * How many entries each of the client's caches (schema by id, id by subject and schema, lookup
     * by subject and schema) holds before it drops the least recently used; 0 turns caching off.
     */
    public static final String CACHE_CAPACITY = "kappa.registry.cache-capacity";

    public static final int DEFAULT_CACHE_CAPACITY = 1000;

    /** Where basic-auth credentials come from. */
    public enum CredentialsSource {
        URL,
        USER_INFO
    }

    /** The key store formats the JDK reads without extra providers. */
    public enum StoreType {
        PKCS12,
        JKS
    }

    /** A key store or trust store file; the password is never part of {@link #toString()}. */
    public record StoreFile(Path location, Optional<String> password, StoreType type) {
        public StoreFile {
            requireNonNull(location, "location");
            requireNonNull(password, "password");
            requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return "StoreFile[location=" + location + ", type=" + type + "]";
        }
    }

    private final List<URI> urls;
    private final CredentialsSource basicAuthCredentialsSource;
    private final Optional<String> basicAuthUserInfo;
    private final Optional<String> bearerAuthToken;
    private final Optional<StoreFile> truststore;
    private final Optional<StoreFile> keystore;
    private final Optional<String> keyPassword;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final Duration requestTimeout;
    private final int cacheCapacity;

    private RegistryClientConfig(Map<String, ?> settings) {
        urls = urls(settings);
        basicAuthCredentialsSource =
                enumValue(
                        settings,
                        BASIC_AUTH_CREDENTIALS_SOURCE,
                        CredentialsSource.class,
                        DEFAULT_BASIC_AUTH_CREDENTIALS_SOURCE);
        basicAuthUserInfo = secret(settings, BASIC_AUTH_USER_INFO);
        bearerAuthToken = secret(settings, BEARER_AUTH_TOKEN);
        truststore = storeFile(settings, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);
        keystore = storeFile(settings, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE);
        keyPassword = secret(settings, KEY_PASSWORD);
        if (keyPassword.isPresent() && keystore.isEmpty()) {
            throw withoutLocation(KEY_PASSWORD, KEYSTORE_LOCATION);
        }
        maxRetries = intAtLeast(settings, MAX_RETRIES, DEFAULT_MAX_RETRIES, 0);
        retryBackoff =
                Duration.ofMillis(
                        intAtLeast(settings, RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF_MS, 0));
        requestTimeout =
                Duration.ofMillis(
                        intAtLeast(settings, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, 1));
        cacheCapacity = intAtLeast(settings, CACHE_CAPACITY, DEFAULT_CACHE_CAPACITY, 0);
        checkAuthentication(settings);
    }

    /**
     * Reads and validates the registry client settings in {@code settings}.
     *
     * @throws IllegalArgumentException naming the key, the value and what would be valid
     */
    public static RegistryClientConfig from(Map<String, ?> settings) {
        return new RegistryClientConfig(requireNonNull(settings, "settings"));
    }

    /** The registry base URLs in the order given, as written (user info included). */
    public List<URI> urls() {
        return urls;
    }

    public CredentialsSource basicAuthCredentialsSource() {
        return basicAuthCredentialsSource;
    }

    public Optional<String> basicAuthUserInfo() {
        return basicAuthUserInfo;
    }

    public Optional<String> bearerAuthToken() {
        return bearerAuthToken;
    }

    public Optional<StoreFile> truststore() {
        return truststore;
    }

    public Optional<StoreFile> keystore() {
        return keystore;
    }

    /** The password of the key in the key store; empty when it is the store's password. */
    public Optional<String> keyPassword() {
        return keyPassword;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int cacheCapacity() {
        return cacheCapacity;
    }

    /** The settings without secrets: URLs lose their user info, passwords and tokens are hidden. */
    @Override
    public String toString() {
        List<String> shownUrls = new ArrayList<>();
        for (URI url : urls) {
            shownUrls.add(
                    url.getRawUserInfo() == null
                            ? url.toString()
                            : withoutUserInfo(url) + " (with user info)");
        }
        return "RegistryClientConfig[urls="
                + shownUrls
                + ", basicAuthCredentialsSource="
                + basicAuthCredentialsSource
                + ", basicAuthUserInfo="
                + basicAuthUserInfo.map(value -> "(hidden)").orElse("none")
                + ", bearerAuthToken="
                + bearerAuthToken.map(value -> "(hidden)").orElse("none")
                + ", truststore="
                + truststore.map(StoreFile::toString).orElse("none")
                + ", keystore="
                + keystore.map(StoreFile::toString).orElse("none")
                + ", keyPassword="
                + keyPassword.map(value -> "(hidden)").orElse("none")
                + ", maxRetries="
                + maxRetries
                + ", retryBackoff="
                + retryBackoff
                + ", requestTimeout="
                + requestTimeout
                + ", cacheCapacity="
                + cacheCapacity
                + "]";
    }

    /** {@code url} without its user info, so that it can be shown and sent. */
    static URI withoutUserInfo(URI url) {
        try {
            return new URI(
                    url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(
                    "a URL that parsed no longer parses: " + redactUserInfo(url.toString()), e);
        }
    }

    private static List<URI> urls(Map<String, ?> settings) {
        String value =
                string(settings, URL)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "Missing "
                                                        + URL
                                                        + ": set it to the registry's base URL, for example http://localhost:8081"
                                                        + " (several: comma-separated)"));
        List<URI> urls = new ArrayList<>();
        for (String part : value.split(",")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            // A password with a comma splits in two: then no part may be shown with its
            // authority.
            String shown = value.indexOf('@') < 0 ? text : redactAuthority(text);
            URI url;
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                // Not e.getMessage(): it quotes the whole input, user info included.
                throw invalid(
                        URL, shown, "a URL such as http://localhost:8081 (" + e.getReason() + ")");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw invalid(URL, shown, "an http:// or https:// URL with a host");
            }
            if (url.getRawQuery() != null || url.getRawFragment() != null) {
                throw invalid(
                        URL,
                        shown,
                        "a base URL without query or fragment: remove what follows '?' or '#'");
            }
            urls.add(url);
        }
        if (urls.isEmpty()) {
            throw invalid(URL, redactUserInfo(value), "at least one URL");
        }
        return List.copyOf(urls);
    }

    /**
     * {@code text} with its user info replaced by {@code ***} when it has some, and otherwise its
     * whole authority ({@code http://***}), as it may be a piece of a password cut at a comma.
     */
    private static String redactAuthority(String text) {
        if (text.indexOf('@') >= 0) {
            return redactUserInfo(text);
        }
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            return "***";
        }
        int pathStart = text.indexOf('/', schemeEnd + 3);
        return text.substring(0, schemeEnd + 3)
                + "***"
                + (pathStart < 0 ? "" : text.substring(pathStart));
    }

    /**
     * {@code text}, a URL as written, with its user info replaced by {@code ***}: {@code
     * https://***@host:8081}. Works on text that does not parse as a URL too: a password may hold
     * the very character that broke it ({@code user:p@ss@host}, {@code user:p#ss@host}), so
     * everything before the last {@code @} goes. A URL without {@code @} is returned as it is.
     */
    static String redactUserInfo(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        int schemeEnd = text.indexOf("://");
        int start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
        return text.substring(0, start) + "***" + text.substring(at);
    }

    private void checkAuthentication(Map<String, ?> settings) {
        Optional<String> bearerSource = string(settings, BEARER_AUTH_CREDENTIALS_SOURCE);
        if (bearerSource.isPresent() && !bearerSource.get().equalsIgnoreCase("STATIC_TOKEN")) {
            throw invalid(
                    BEARER_AUTH_CREDENTIALS_SOURCE,
                    bearerSource.get(),
                    "STATIC_TOKEN (with "
                            + BEARER_AUTH_TOKEN
                            + "); other token sources are not supported");
        }
        if (bearerSource.isPresent() && bearerAuthToken.isEmpty()) {
            throw new IllegalArgumentException(
                    BEARER_AUTH_CREDENTIALS_SOURCE + "=STATIC_TOKEN needs " + BEARER_AUTH_TOKEN);
        }
        if (basicAuthCredentialsSource == CredentialsSource.USER_INFO) {
            String userInfo =
                    basicAuthUserInfo.orElseThrow(
                            () ->
                                    new IllegalArgumentException(
                                            BASIC_AUTH_CREDENTIALS_SOURCE
                                                    + "=USER_INFO needs "
                                                    + BASIC_AUTH_USER_INFO
                                                    + " as user:password"));
            if (userInfo.indexOf(':') < 1) {
                throw new IllegalArgumentException(
                        "Invalid value (hidden) for "
                                + BASIC_AUTH_USER_INFO
                                + ": expected user:password with a non-empty user");
            }
        } else if (basicAuthUserInfo.isPresent()) {
            // Confluent's client would silently ignore the user info here; failing says what to
            // fix.
            throw new IllegalArgumentException(
                    BASIC_AUTH_USER_INFO
                            + " is set but "
                            + BASIC_AUTH_CREDENTIALS_SOURCE
                            + " is URL (the default), which takes credentials from the URL: set "
                            + BASIC_AUTH_CREDENTIALS_SOURCE
                            + "=USER_INFO");
        }
        boolean basic =
                basicAuthCredentialsSource == CredentialsSource.USER_INFO
                        || urls.stream().anyMatch(url -> url.getRawUserInfo() != null);
        if (basic && bearerAuthToken.isPresent()) {
            throw new IllegalArgumentException(
                    "Both basic auth and "
                            + BEARER_AUTH_TOKEN
                            + " are configured: the registry takes one Authorization header, keep one");
        }
    }

    private static Optional<StoreFile> storeFile(
            Map<String, ?> settings, String locationKey, String passwordKey, String typeKey) {
        Optional<String> location = string(settings, locationKey);
        if (location.isEmpty()) {
            // A password or type for no store means the location is missing or misspelt:
            // ignoring it would leave TLS on the JDK's defaults without a word.
            for (String key : List.of(passwordKey, typeKey)) {
                if (settings.get(key) != null && !settings.get(key).toString().isBlank()) {
                    throw withoutLocation(key, locationKey);
                }
            }
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(location.get());
        } catch (InvalidPathException e) {
            throw invalid(locationKey, location.get(), "a file path (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw invalid(locationKey, location.get(), "a readable key store file");
        }
        return Optional.of(
                new StoreFile(
                        path,
                        secret(settings, passwordKey),
                        enumValue(settings, typeKey, StoreType.class, DEFAULT_STORE_TYPE)));
    }

    private static IllegalArgumentException withoutLocation(String key, String locationKey) {
        return new IllegalArgumentException(
                key
                        + " is set but "
                        + locationKey
                        + " is not: set "
                        + locationKey
                        + " to the key store file, or remove "
                        + key);
    }

    private static int intAtLeast(Map<String, ?> settings, String key, int defaultValue, int min) {
        Object raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            value = ((Number) raw).longValue();
        } else {
            try {
                value = Long.parseLong(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw invalid(key, raw, "an integer >= " + min);
            }
        }
        if (value < min || value > Integer.MAX_VALUE) {
            throw invalid(key, raw, "an integer >= " + min + " and <= " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static <E extends Enum<E>> E enumValue(
            Map<String, ?> settings, String key, Class<E> type, E defaultValue) {
        Optional<String> value = string(settings, key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(key, value.get(), "one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * A setting whose value must never appear in messages. Unlike other values it is not trimmed:
     * spaces may be part of a password.
     */
    private static Optional<String> secret(Map<String, ?> settings, String key) {
        Object raw = settings.get(key);
        return raw == null || raw.toString().isEmpty()
                ? Optional.empty()
                : Optional.of(raw.toString());
    }

    private static Optional<String> string(Map<String, ?> settings, String key) {
        Object raw = settings.get(key);
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.toString().trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException(
                "Invalid value '" + value + "' for " + key + ": expected " + expected);
    }
}

package io.kappareplay.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real schema registry for integration tests, in a child JVM, on a {@link TestingKafka}.
 *
 * <pre>{@code
 * TestingRegistry registry = TestingRegistry.shared();
 * Map<String, Object> serdeConfig = new HashMap<>(registry.clientProperties());
 * }</pre>
 *
 * <p>A registry from {@link #start(TestingKafka)} keeps its state in a topic of its own, so tests
 * that start their own registries on the shared broker do not see each other's subjects.
 */
public final class TestingRegistry implements AutoCloseable {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static TestingRegistry shared;
    private static TestingRegistry sharedSecure;

    private final Path directory;
    private final SchemaRegistry registry;

    private TestingRegistry(Path directory, SchemaRegistry registry) {
        this.directory = directory;
        this.registry = registry;
    }

    /** A registry with its own state topic on {@code kafka}; secure when {@code kafka} is. */
    public static TestingRegistry start(TestingKafka kafka) {
        String topic =
                SchemaRegistry.DEFAULT_TOPIC
                        + "-"
                        + ProcessHandle.current().pid()
                        + "-"
                        + TOPICS.incrementAndGet();
        return start(kafka, topic);
    }

    private static TestingRegistry start(TestingKafka kafka, String topic) {
        Path directory = WorkDirectory.create("registry-");
        return new TestingRegistry(
                directory, SchemaRegistry.start(directory, 0, kafka.broker(), topic));
    }

    /** The registry on {@link TestingKafka#shared()} for every test of this JVM. */
    public static synchronized TestingRegistry shared() {
        if (shared == null) {
            shared = start(TestingKafka.shared(), SchemaRegistry.DEFAULT_TOPIC);
        }
        return shared;
    }

    /** The HTTPS + basic-auth registry on {@link TestingKafka#sharedSecure()}. */
    public static synchronized TestingRegistry sharedSecure() {
        if (sharedSecure == null) {
            sharedSecure = start(TestingKafka.sharedSecure(), SchemaRegistry.DEFAULT_TOPIC);
        }
        return sharedSecure;
    }

    public String url() {
        return registry.url();
    }

    /**
     * {@code schema.registry.url} and, when secure, basic auth and truststore (Confluent key
     * names).
     */
    public Map<String, String> clientProperties() {
        return registry.clientProperties();
    }

    public String topic() {
        return registry.topic();
    }

    public long pid() {
        return registry.pid();
    }

    /** SIGKILL the registry process. */
    public void kill() {
        registry.kill();
    }

    /** Starts a fresh registry process on the same port and topic. */
    public void restart() {
        registry.restart();
    }

    /**
     * Stops the registry and deletes its files; a no-op for the shared ones (the JVM's exit stops
     * them).
     */
    @Override
    public void close() {
        synchronized (TestingRegistry.class) {
            if (this == shared || this == sharedSecure) {
                return;
            }
        }
        registry.close();
        WorkDirectory.delete(directory);
    }
}

package io.kappareplay.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A real Kafka broker for integration tests, in a child JVM on loopback.
 *
 * <pre>{@code
 * TestingKafka kafka = TestingKafka.shared();        // one broker for the whole test JVM
 * Map<String, Object> config = new HashMap<>(kafka.clientProperties());
 * try (Admin admin = Admin.create(config)) { ... }
 * }</pre>
 *
 * <p>Prefer {@link #shared()}: a module's IT run starts one broker, not one per test. A test that
 * kills or reconfigures the broker starts its own with {@link #start()} and closes it.
 */
public final class TestingKafka implements AutoCloseable {
    private static TestingKafka shared;
    private static TestingKafka sharedSecure;

    private final Path directory;
    private final KafkaBroker broker;

    private TestingKafka(Path directory, KafkaBroker broker) {
        this.directory = directory;
        this.broker = broker;
    }

    /** A broker with a PLAINTEXT listener. */
    public static TestingKafka start() {
        Path directory = WorkDirectory.create("kafka-");
        return new TestingKafka(directory, KafkaBroker.start(directory, 0, Optional.empty()));
    }

    /** A broker whose only client listener is SASL_SSL (SCRAM-SHA-512, fresh TLS certificate). */
    public static TestingKafka startSecure() {
        Path directory = WorkDirectory.create("kafka-secure-");
        LocalSecurity security = LocalSecurity.loadOrGenerate(directory.resolve("tls"));
        return new TestingKafka(directory, KafkaBroker.start(directory, 0, Optional.of(security)));
    }

    /** The plaintext broker shared by every test of this JVM; stopped when the JVM exits. */
    public static synchronized TestingKafka shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** The secure broker shared by every test of this JVM; stopped when the JVM exits. */
    public static synchronized TestingKafka sharedSecure() {
        if (sharedSecure == null) {
            sharedSecure = startSecure();
        }
        return sharedSecure;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Bootstrap servers and, for the secure broker, the SASL_SSL credentials and truststore. */
    public Map<String, String> clientProperties() {
        return broker.clientProperties();
    }

    public Optional<LocalSecurity> security() {
        return broker.security();
    }

    public boolean isSecure() {
        return broker.security().isPresent();
    }

    KafkaBroker broker() {
        return broker;
    }

    /**
     * Stops the broker and deletes its data; a no-op for the shared brokers (the JVM's exit stops
     * them).
     */
    @Override
    public void close() {
        synchronized (TestingKafka.class) {
            if (this == shared || this == sharedSecure) {
                return;
            }
        }
        broker.close();
        WorkDirectory.delete(directory);
    }
}

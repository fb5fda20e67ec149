package io.kappareplay.consumer.testing;

import io.kappareplay.schemas.registry.CompatibilityLevel;
import io.kappareplay.schemas.registry.CompatibilityResult;
import io.kappareplay.schemas.registry.InMemorySchemaRegistry;
import io.kappareplay.schemas.registry.RegisteredSchema;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * An {@link InMemorySchemaRegistry} that can be made to fail: while {@link #failWith} is in force,
 * every call throws the exception given, as an unreachable registry ({@code
 * RegistryUnavailableException}) or one refusing a schema ({@code IncompatibleSchemaException})
 * would. {@link #recover()} ends it.
 *
 * <pre>{@code
 * FailingRegistry registry = new FailingRegistry();
 * int id = registry.register("orders-value", schema);     // works
 * registry.failWith(new RegistryUnavailableException(request, "connection refused", null));
 * registry.schemaById(id);                                 // throws it
 * }</pre>
 */
public final class FailingRegistry implements SchemaRegistryClient {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private volatile RuntimeException failure;

    /** Every call from now on throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** Calls work again. */
    public void recover() {
        this.failure = null;
    }

    private InMemorySchemaRegistry registry() {
        RuntimeException current = failure;
        if (current != null) {
            throw current;
        }
        return registry;
    }

    @Override
    public int register(String subject, Schema schema) {
        return registry().register(subject, schema);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return registry().lookup(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        return registry().schemaById(id);
    }

    @Override
    public List<String> subjects(boolean includeDeleted) {
        return registry().subjects(includeDeleted);
    }

    @Override
    public List<Integer> versions(String subject) {
        return registry().versions(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registry().version(subject, version);
    }

    @Override
    public RegisteredSchema latestVersion(String subject) {
        return registry().latestVersion(subject);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
        return registry().testCompatibility(subject, version, schema);
    }

    @Override
    public CompatibilityResult testCompatibilityWithLatest(String subject, Schema schema) {
        return registry().testCompatibilityWithLatest(subject, schema);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return registry().globalCompatibility();
    }

    @Override
    public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
        return registry().setGlobalCompatibility(level);
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return registry().subjectCompatibility(subject);
    }

    @Override
    public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
        return registry().setSubjectCompatibility(subject, level);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return registry().deleteSubject(subject, permanent);
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        return registry().deleteVersion(subject, version, permanent);
    }
}

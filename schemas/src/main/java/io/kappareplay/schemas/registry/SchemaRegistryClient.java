package io.kappareplay.schemas.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The operations of the Confluent Schema Registry REST API that Kappa Replay uses, for Avro
 * schemas.
 *
 * <p>Every method throws a {@link RegistryException} subtype when the registry refuses or cannot be
 * reached; {@link RegistryException#isRetriable()} tells a transient failure from a permanent one.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = new HttpSchemaRegistryClient(
 *         RegistryClientConfig.from(Map.of("schema.registry.url", "http://localhost:8081")));
 * int id = registry.register("kappa.orders.ingress-value", schema);
 * Schema writer = registry.schemaById(id);
 * }</pre>
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}, or finds it if it is already registered
     * there.
     *
     * @return the schema's global id
     * @throws IncompatibleSchemaException if the subject's compatibility level rejects the schema
     */
    int register(String subject, Schema schema);

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it.
     *
     * @throws SubjectNotFoundException if the subject does not exist
     * @throws SchemaNotFoundException if the subject exists but has no such schema
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The schema with a global id, as a writer schema for decoding.
     *
     * @throws SchemaNotFoundException if the registry has no schema with that id
     */
    Schema schemaById(int id);

    /** All subject names; soft-deleted ones too when {@code includeDeleted}. */
    List<String> subjects(boolean includeDeleted);

    /** The version numbers of a subject, oldest first. */
    List<Integer> versions(String subject);

    /** One version of a subject. */
    RegisteredSchema version(String subject, int version);

    /** The latest version of a subject. */
    RegisteredSchema latestVersion(String subject);

    /**
     * Whether {@code schema} could be registered after {@code version} of {@code subject} under the
     * subject's compatibility level; the result carries the registry's reasons when it could not.
     */
    CompatibilityResult testCompatibility(String subject, int version, Schema schema);

    /** {@link #testCompatibility(String, int, Schema)} against the subject's latest version. */
    CompatibilityResult testCompatibilityWithLatest(String subject, Schema schema);

    /** The registry-wide compatibility level. */
    CompatibilityLevel globalCompatibility();

    /** Sets the registry-wide compatibility level and returns the level now in force. */
    CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level);

    /**
     * The compatibility level set on the subject itself; empty when the subject follows the global
     * level.
     */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    /** Sets the subject's own compatibility level and returns the level now in force. */
    CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level);

    /**
     * Deletes a subject and returns the versions deleted. A permanent delete needs a soft delete
     * first, as the registry enforces (error 40405 otherwise).
     *
     * <p>A delete that failed with a {@link RegistryUnavailableException} may still have happened;
     * calling again then throws {@link SubjectSoftDeletedException} (soft) or {@link
     * SubjectNotFoundException} (permanent) if it did.
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /**
     * Deletes one version of a subject and returns its number. A permanent delete needs a soft
     * delete first, as the registry enforces (error 40407 otherwise).
     *
     * <p>A delete that failed with a {@link RegistryUnavailableException} may still have happened;
     * calling again then throws a {@link NotFoundException} (error 40406 soft, 40402 permanent) if
     * it did.
     */
    int deleteVersion(String subject, int version, boolean permanent);
}

package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a job spec from YAML, strictly: unknown keys, duplicate keys, values of the wrong type and
 * values that break a rule are all errors, collected and thrown together as one {@link
 * JobSpecException}. Nothing falls back to a default unless its key is absent.
 *
 * <p>Overrides ({@code key=value}, as a CLI's {@code --set} gives them) replace or add values
 * before anything is checked, with dotted keys: {@code ingress.partitions=12}, {@code
 * source.point-in-time.instant=2024-06-30T00:00:00Z}, {@code
 * kafka.properties.security.protocol=SASL_SSL}. In {@code kafka.properties}, {@code
 * registry.properties} and {@code service.properties}, {@code ${NAME}} is replaced by the
 * environment variable {@code NAME}.
 *
 * <pre>{@code
 * JobSpec spec = new JobSpecParser().parse(Path.of("jobs/orders.yaml"), Map.of("ingress.partitions", "12"));
 * }</pre>
 *
 * <p>See {@link JobSpec} for an example spec and {@link JobSpecKey} for every key.
 */
public final class JobSpecParser {

    private final Map<String, String> environment;

    /** A parser that reads {@code ${NAME}} references from this process's environment. */
    public JobSpecParser() {
        this(System.getenv());
    }

    /** A parser that reads {@code ${NAME}} references from {@code environment}. */
    public JobSpecParser(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Parses a spec file. Relative {@code .avsc} paths in it are resolved against its directory.
     *
     * @throws JobSpecException naming the file and every problem, including an unreadable file
     */
    public JobSpec parse(Path file) {
        return parse(file, Map.of());
    }

    /**
     * Parses a spec file with overrides applied first.
     *
     * @throws JobSpecException naming the file and every problem, including an unreadable file
     */
    public JobSpec parse(Path file, Map<String, String> overrides) {
        requireNonNull(file, "file");
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "does not exist", "check the path");
        } catch (IOException e) {
            throw unreadable(file, "cannot be read (" + e + ")", "make it a readable UTF-8 file");
        }
        Path directory = file.toAbsolutePath().getParent();
        return parse(yaml, file.toString(), directory, overrides);
    }

    /**
     * Parses spec text, e.g. from a request; relative {@code .avsc} paths stay as written.
     *
     * @param sourceName where the text came from, for the error message
     * @throws JobSpecException naming the source and every problem
     */
    public JobSpec parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, Map.of());
    }

    /**
     * Parses spec text with overrides applied first.
     *
     * @param sourceName where the text came from, for the error message
     * @throws JobSpecException naming the source and every problem
     */
    public JobSpec parse(String yaml, String sourceName, Map<String, String> overrides) {
        return parse(yaml, sourceName, null, overrides);
    }

    private JobSpec parse(
            String yaml, String sourceName, Path baseDirectory, Map<String, String> overrides) {
        requireNonNull(yaml, "yaml");
        requireNonNull(sourceName, "sourceName");
        requireNonNull(overrides, "overrides");
        Violations violations = new Violations();
        Optional<JobSpec> spec =
                SpecDocumentReader.read(yaml, violations)
                        .map(root -> SpecOverrides.apply(root, overrides, violations))
                        .map(root -> SpecValues.read(root, violations))
                        .flatMap(
                                values ->
                                        new JobSpecValidator(
                                                        values,
                                                        baseDirectory,
                                                        environment,
                                                        violations)
                                                .validate());
        if (!violations.isEmpty() || spec.isEmpty()) {
            throw new JobSpecException(sourceName, violations.list());
        }
        return spec.get();
    }

    private static JobSpecException unreadable(Path file, String problem, String expected) {
        return new JobSpecException(
                file.toString(),
                List.of(new Violation(Violation.DOCUMENT, Optional.empty(), problem, expected)));
    }
}

package io.kappareplay.consumer.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.consumer.testing.FailingRegistry;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.InMemorySchemaRegistry;
import io.kappareplay.schemas.registry.IncompatibleSchemaException;
import io.kappareplay.schemas.registry.RegistryUnavailableException;
import io.kappareplay.schemas.registry.RequestContext;
import io.kappareplay.schemas.registry.SubjectNotFoundException;
import io.kappareplay.schemas.serde.KappaAvroDeserializer;
import io.kappareplay.schemas.spec.SchemaReference;
import io.kappareplay.service.api.ReplayOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputEncoderTest {
    private static final JobNames JOB = JobNames.of("pricing");

    private static final Schema QUOTE =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Quote\",\"namespace\":\"pricing\",\"fields\":"
                                    + "[{\"name\":\"price\",\"type\":\"double\"}]}");
    private static final Schema OTHER =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");

    @Test
    void registersTheOutputSchemaUnderTheEgressSubjectAndEncodesDecodably() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        OutputEncoder encoder = new OutputEncoder(JobNames.of("pricing"), QUOTE, registry);
        assertThat(registry.versions("kappa.pricing.egress-value")).containsExactly(1);

        List<EncodedOutput> encoded =
                encoder.encode(
                        List.of(ReplayOutput.of(quote(9.5)), ReplayOutput.keyed("k2", quote(1.0))));

        assertThat(encoded).hasSize(2);
        assertThat(encoded.get(0).key()).isNull();
        assertThat(new String(encoded.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("k2");
        KappaAvroDeserializer decoder = new KappaAvroDeserializer(registry);
        GenericRecord decoded =
                (GenericRecord) decoder.deserialize("kappa.pricing.egress", encoded.get(0).value());
        assertThat(decoded.get("price")).isEqualTo(9.5);
    }

    @Test
    void anOutputOfAnotherSchemaIsRefusedNamingBoth() {
        OutputEncoder encoder =
                new OutputEncoder(JobNames.of("pricing"), QUOTE, new InMemorySchemaRegistry());
        GenericRecord other = new GenericData.Record(OTHER);
        other.put("x", 1);

        assertThatThrownBy(() -> encoder.encode(List.of(ReplayOutput.of(other))))
                .isInstanceOf(OutputSchemaMismatchException.class)
                .hasMessageContaining(
                        "returned a Other that is not the job's output schema pricing.Quote");
    }

    @Test
    void specWinsOverHandlerAndAJobWithNeitherIsRefused(@TempDir Path directory) throws Exception {
        Path avsc = directory.resolve("quote.avsc");
        Files.writeString(avsc, QUOTE.toString());
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

        assertThat(
                        OutputSchemas.resolve(
                                JOB,
                                Optional.of(new SchemaReference.AvscFile(avsc)),
                                Optional.of(OTHER),
                                registry))
                .isEqualTo(QUOTE);
        registry.register("quotes-value", QUOTE);
        assertThat(
                        OutputSchemas.resolve(
                                JOB,
                                Optional.of(new SchemaReference.RegistrySubject("quotes-value")),
                                Optional.empty(),
                                registry))
                .isEqualTo(QUOTE);
        assertThat(OutputSchemas.resolve(JOB, Optional.empty(), Optional.of(OTHER), registry))
                .isEqualTo(OTHER);
    }

    @Test
    void aJobWithNeitherIsAnOutputSchemaProblemNamingTheSubjectAndTheFix() {
        assertThatThrownBy(
                        () ->
                                OutputSchemas.resolve(
                                        JOB,
                                        Optional.empty(),
                                        Optional.empty(),
                                        new InMemorySchemaRegistry()))
                .isInstanceOf(OutputSchemaException.class)
                .hasMessage(
                        "Job pricing has no output schema to register under"
                                + " kappa.pricing.egress-value: set service.output (avsc or"
                                + " subject) in the job spec, or override"
                                + " ReplayHandler.outputSchema() in the handler");
    }

    @Test
    void anOutputSubjectTheRegistryLacksIsAnOutputSchemaProblem() {
        assertThatThrownBy(
                        () ->
                                OutputSchemas.resolve(
                                        JOB,
                                        Optional.of(
                                                new SchemaReference.RegistrySubject(
                                                        "quotes-value")),
                                        Optional.of(QUOTE),
                                        new InMemorySchemaRegistry()))
                .isInstanceOf(OutputSchemaException.class)
                .hasMessageStartingWith(
                        "Job pricing: service.output.subject quotes-value has no schema in the"
                                + " registry to register under kappa.pricing.egress-value (")
                .hasMessageEndingWith(
                        "): register the output schema under quotes-value first, or fix"
                                + " service.output in the job spec")
                .hasCauseInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void anAvscFileThatHoldsNoSchemaIsAnOutputSchemaProblem(@TempDir Path directory)
            throws Exception {
        Path avsc = Files.writeString(directory.resolve("quote.avsc"), "{\"type\": \"recrod\"}");

        assertThatThrownBy(
                        () ->
                                OutputSchemas.resolve(
                                        JOB,
                                        Optional.of(new SchemaReference.AvscFile(avsc)),
                                        Optional.empty(),
                                        new InMemorySchemaRegistry()))
                .isInstanceOf(OutputSchemaException.class)
                .hasMessageStartingWith(
                        "Job pricing: service.output.avsc "
                                + avsc
                                + " cannot be read as an Avro schema to register under"
                                + " kappa.pricing.egress-value (")
                .hasMessageEndingWith("): fix the file, or the path in the job spec");
    }

    @Test
    void aSchemaTheRegistryRefusesIsAnOutputSchemaProblemNamingTheSubjectAndTheFix() {
        FailingRegistry registry = new FailingRegistry();
        IncompatibleSchemaException refusal =
                new IncompatibleSchemaException(
                        RequestContext.forSubject("register", "kappa.pricing.egress-value"),
                        409,
                        409,
                        "Schema being registered is incompatible with an earlier schema");
        registry.failWith(refusal);

        assertThatThrownBy(() -> new OutputEncoder(JOB, QUOTE, registry))
                .isInstanceOf(OutputSchemaException.class)
                .hasMessage(
                        "Job pricing: the registry refused the output schema pricing.Quote under"
                                + " kappa.pricing.egress-value ("
                                + refusal.getMessage()
                                + "): declare a schema the subject accepts in service.output in"
                                + " the job spec or in ReplayHandler.outputSchema(), or replay"
                                + " under a new job id")
                .hasCause(refusal);
    }

    /** Not a problem of the job: a restart may find the registry back, so it keeps its type. */
    @Test
    void anUnreachableRegistryIsNoOutputSchemaProblem() {
        FailingRegistry registry = new FailingRegistry();
        registry.register("quotes-value", QUOTE);
        RegistryUnavailableException outage =
                new RegistryUnavailableException(
                        RequestContext.forSubject("register", "kappa.pricing.egress-value"),
                        "connection refused",
                        null);
        registry.failWith(outage);

        assertThatThrownBy(() -> new OutputEncoder(JOB, QUOTE, registry)).isSameAs(outage);
        assertThatThrownBy(
                        () ->
                                OutputSchemas.resolve(
                                        JOB,
                                        Optional.of(
                                                new SchemaReference.RegistrySubject(
                                                        "quotes-value")),
                                        Optional.empty(),
                                        registry))
                .isSameAs(outage);
    }

    private static GenericRecord quote(double price) {
        GenericRecord record = new GenericData.Record(QUOTE);
        record.put("price", price);
        return record;
    }
}

package io.kappareplay.consumer.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.InMemorySchemaRegistry;
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
                                "j",
                                Optional.of(new SchemaReference.AvscFile(avsc)),
                                Optional.of(OTHER),
                                registry))
                .isEqualTo(QUOTE);
        registry.register("quotes-value", QUOTE);
        assertThat(
                        OutputSchemas.resolve(
                                "j",
                                Optional.of(new SchemaReference.RegistrySubject("quotes-value")),
                                Optional.empty(),
                                registry))
                .isEqualTo(QUOTE);
        assertThat(OutputSchemas.resolve("j", Optional.empty(), Optional.of(OTHER), registry))
                .isEqualTo(OTHER);
        assertThatThrownBy(
                        () ->
                                OutputSchemas.resolve(
                                        "j", Optional.empty(), Optional.empty(), registry))
                .hasMessageContaining("Job j has no output schema: set service.output");
    }

    private static GenericRecord quote(double price) {
        GenericRecord record = new GenericData.Record(QUOTE);
        record.put("price", price);
        return record;
    }
}

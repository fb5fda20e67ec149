package io.kappareplay.consumer.handler;

import static io.kappareplay.consumer.handler.JarBuilder.jarOf;
import static io.kappareplay.consumer.handler.TestInputs.config;
import static io.kappareplay.consumer.handler.TestInputs.context;
import static io.kappareplay.consumer.handler.TestInputs.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import com.google.common.base.Preconditions;
import io.kappareplay.service.api.ReplayOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance for handler isolation: a handler jar bundling a different Jackson and
 * Guava than ours runs and produces correct outputs. The handler is built here as a service team
 * would build it, against Jackson 2.12.7 and Guava 31.1, while this test runs with the runtime's
 * newer Jackson and a Guava 33 on its own classpath.
 */
class HandlerIsolationTest {

    private static final String OLD_JACKSON = "2.12.7";
    private static final String OLD_GUAVA = "31.1.0.jre";

    /**
     * Uses both libraries and reports the versions it ran with: Jackson's from its {@code
     * PackageVersion}, Guava's from the manifest of the jar its classes came from.
     */
    private static final String LIBRARY_VERSION_HANDLER =
            """
            package com.acme.isolated;

            import com.fasterxml.jackson.databind.ObjectMapper;
            import com.fasterxml.jackson.databind.cfg.PackageVersion;
            import com.google.common.base.Preconditions;
            import com.google.common.base.Strings;
            import io.kappareplay.service.api.*;
            import java.io.File;
            import java.util.List;
            import java.util.Map;
            import java.util.jar.JarFile;
            import org.apache.avro.Schema;
            import org.apache.avro.SchemaBuilder;
            import org.apache.avro.generic.GenericData;
            import org.apache.avro.generic.GenericRecord;

            public final class LibraryVersionHandler implements ReplayHandler {
                private static final Schema REPORT =
                        SchemaBuilder.record("LibraryReport").namespace("com.acme.isolated").fields()
                                .requiredString("json")
                                .requiredString("repeated")
                                .requiredString("jackson")
                                .requiredString("guava")
                                .endRecord();

                private final ObjectMapper mapper = new ObjectMapper();

                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context)
                        throws Exception {
                    String sku = Preconditions.checkNotNull(input.value().get("sku")).toString();
                    GenericRecord report = new GenericData.Record(REPORT);
                    report.put("json", mapper.writeValueAsString(Map.of("sku", sku)));
                    report.put("repeated", Strings.repeat(input.key(), 3));
                    report.put("jackson", PackageVersion.VERSION.toString());
                    report.put("guava", guavaVersion());
                    return List.of(ReplayOutput.of(report));
                }

                private static String guavaVersion() throws Exception {
                    File jar = new File(
                            Preconditions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                    try (JarFile file = new JarFile(jar)) {
                        return file.getManifest().getMainAttributes().getValue("Bundle-Version");
                    }
                }
            }
            """;

    /** Prices an order: reads the runtime's GenericRecord and builds one of its own schema. */
    private static final String PRICING_HANDLER =
            """
            package com.acme.pricing;

            import io.kappareplay.service.api.*;
            import java.util.List;
            import org.apache.avro.Schema;
            import org.apache.avro.SchemaBuilder;
            import org.apache.avro.generic.GenericData;
            import org.apache.avro.generic.GenericRecord;

            public final class PricingHandler implements ReplayHandler {
                private static final Schema PRICE =
                        SchemaBuilder.record("Price").namespace("com.acme.pricing").fields()
                                .requiredString("sku")
                                .requiredLong("cents")
                                .endRecord();

                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
                    GenericRecord order = input.value();
                    Schema.Field sku = order.getSchema().getField("sku");
                    GenericRecord price = new GenericData.Record(PRICE);
                    price.put("sku", order.get(sku.pos()).toString());
                    price.put("cents", 100L * order.get(sku.pos()).toString().length());
                    return List.of(ReplayOutput.keyed("price-" + input.key(), price));
                }
            }
            """;

    @TempDir Path tempDir;

    @Test
    void aHandlerBundlingAnOlderJacksonAndGuavaRunsWithThemAndProducesCorrectOutputs()
            throws Exception {
        List<Path> libraries = IsolatedLibraries.all();
        Path handlerJar =
                new JarBuilder()
                        .classpath(libraries)
                        .source("com.acme.isolated.LibraryVersionHandler", LIBRARY_VERSION_HANDLER)
                        .registers("com.acme.isolated.LibraryVersionHandler")
                        .writeTo(tempDir.resolve("library-version-handler.jar"));
        List<Path> jars = new ArrayList<>(List.of(handlerJar));
        jars.addAll(libraries);

        List<ReplayOutput> outputs;
        try (LoadedHandler handler = HandlerLoader.load(jars, Optional.empty())) {
            handler.open(config());
            outputs = handler.handle(order("k-1", "A-7"), context("k-1"));
        }

        assertThat(outputs).hasSize(1);
        GenericRecord report = outputs.get(0).value();
        assertThat(report.get("json")).hasToString("{\"sku\":\"A-7\"}");
        assertThat(report.get("repeated")).hasToString("k-1k-1k-1");
        assertThat(report.get("jackson")).hasToString(OLD_JACKSON);
        assertThat(report.get("guava")).hasToString(OLD_GUAVA);
        // ... while the runtime's side has other versions of the same classes.
        assertThat(PackageVersion.VERSION.toString()).isNotEqualTo(OLD_JACKSON);
        assertThat(jarOf(ObjectMapper.class).getFileName().toString())
                .startsWith("jackson-databind-")
                .doesNotContain(OLD_JACKSON);
        assertThat(bundleVersion(jarOf(Preconditions.class))).startsWith("33.");
    }

    @Test
    void sharesAvroWithAHandlerEvenWhenItsJarsBundleAvro() throws Exception {
        Path handlerJar =
                new JarBuilder()
                        .source("com.acme.pricing.PricingHandler", PRICING_HANDLER)
                        .registers("com.acme.pricing.PricingHandler")
                        .writeTo(tempDir.resolve("pricing-handler.jar"));
        Path bundledAvro = Files.copy(jarOf(Schema.class), tempDir.resolve("avro-bundled.jar"));

        try (LoadedHandler handler =
                HandlerLoader.load(List.of(handlerJar, bundledAvro), Optional.empty())) {
            List<ReplayOutput> outputs = handler.handle(order("k-1", "A-7"), context("k-1"));

            Schema price =
                    SchemaBuilder.record("Price")
                            .namespace("com.acme.pricing")
                            .fields()
                            .requiredString("sku")
                            .requiredLong("cents")
                            .endRecord();
            GenericRecord expected = new GenericData.Record(price);
            expected.put("sku", "A-7");
            expected.put("cents", 300L);
            // Record equality needs the handler's Schema to be our Schema class.
            assertThat(outputs).containsExactly(ReplayOutput.keyed("price-k-1", expected));
            assertThat(handler.handlerClass().getClassLoader().loadClass(Schema.class.getName()))
                    .isSameAs(Schema.class);
        }
    }

    private static String bundleVersion(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }
}

package io.kappareplay.consumer.handler;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kappareplay.service.api.ReplayHandler;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.avro.Schema;

/**
 * Builds a jar the way a handler's own build would: compiles Java sources in-process against the
 * service API, Avro and any library jars given, and packs the classes with extra entries such as a
 * {@code META-INF/services} file.
 *
 * <pre>{@code
 * Path jar = new JarBuilder().source("com.acme.Echo", "...").registers("com.acme.Echo")
 *         .writeTo(tempDir.resolve("echo.jar"));
 * }</pre>
 */
final class JarBuilder {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<Path> classpath =
            new ArrayList<>(List.of(jarOf(ReplayHandler.class), jarOf(Schema.class)));
    private final Map<String, String> entries = new LinkedHashMap<>();

    /** The jar (or classes directory) a class was loaded from. */
    static Path jarOf(Class<?> type) {
        try {
            URI location = type.getProtectionDomain().getCodeSource().getLocation().toURI();
            return Path.of(location);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(type + " has no code source path", e);
        }
    }

    JarBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Compiles against these jars too (they are not packed into the jar). */
    JarBuilder classpath(List<Path> jars) {
        classpath.addAll(jars);
        return this;
    }

    /** Registers handler classes for {@link java.util.ServiceLoader}. */
    JarBuilder registers(String... handlerClasses) {
        return services(ReplayHandler.class.getName(), handlerClasses);
    }

    /** Adds a {@code META-INF/services} file for a service type. */
    JarBuilder services(String serviceType, String... providers) {
        return entry("META-INF/services/" + serviceType, String.join("\n", providers) + "\n");
    }

    JarBuilder entry(String name, String content) {
        entries.put(name, content);
        return this;
    }

    Path writeTo(Path jar) {
        try {
            Path classes = Files.createTempDirectory(jar.getParent(), "classes");
            compile(classes);
            pack(classes, jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compile(Path classes) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, null, UTF_8)) {
            List<JavaFileObject> units =
                    sources.entrySet().stream()
                            .map(source -> sourceFile(source.getKey(), source.getValue()))
                            .toList();
            List<String> options =
                    List.of(
                            "--release",
                            "17",
                            "-proc:none",
                            "-classpath",
                            classpath.stream()
                                    .map(Path::toString)
                                    .collect(Collectors.joining(File.pathSeparator)),
                            "-d",
                            classes.toString());
            boolean compiled =
                    compiler.getTask(null, files, diagnostics, options, null, units).call();
            if (!compiled) {
                throw new IllegalStateException(
                        "test sources do not compile:\n" + diagnostics.getDiagnostics());
            }
        }
    }

    private void pack(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                write(out, name, Files.readAllBytes(file));
            }
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                write(out, entry.getKey(), entry.getValue().getBytes(UTF_8));
            }
        }
    }

    private static void write(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static JavaFileObject sourceFile(String className, String code) {
        URI uri = URI.create("string:///" + className.replace('.', '/') + ".java");
        return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }
}

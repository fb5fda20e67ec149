package io.kappareplay.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on the {@link ChildClasspath}: started with its output in a log file and its standard
 * input held open (the child's parent watchdog ends it when this JVM dies), ready when its ready
 * file appears, stopped with SIGTERM and, past a grace period, SIGKILL.
 */
final class ChildJvm implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(25);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;

    /**
     * No shutdown hook of its own: a child never outlives this JVM anyway (its watchdog sees our
     * end of its standard input close), and an owner that must stop children in order (registry
     * before broker) does so in one hook of its own; hooks run concurrently.
     */
    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} and returns once it wrote {@code readyFile}. */
    static ChildJvm startAndAwaitReady(
            String name,
            String mainClass,
            List<String> jvmOptions,
            List<String> arguments,
            Path workDirectory,
            Path readyFile,
            Duration timeout) {
        try {
            Files.deleteIfExists(readyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the ready file " + readyFile, e);
        }
        ChildJvm child = start(name, mainClass, jvmOptions, arguments, workDirectory);
        try {
            child.awaitFile(readyFile, timeout);
            return child;
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /**
     * Runs {@code mainClass} to completion (a tool such as storage formatting); fails on exit != 0.
     */
    static void run(
            String name,
            String mainClass,
            List<String> jvmOptions,
            List<String> arguments,
            Path workDirectory,
            Duration timeout) {
        try (ChildJvm child = start(name, mainClass, jvmOptions, arguments, workDirectory)) {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw child.failure("did not finish within " + timeout);
            }
            if (child.process.exitValue() != 0) {
                throw child.failure("exited with code " + child.process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException(name + ": interrupted while waiting for it", e);
        }
    }

    private static ChildJvm start(
            String name,
            String mainClass,
            List<String> jvmOptions,
            List<String> arguments,
            Path workDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ChildClasspath.resolve());
        command.add(mainClass);
        command.addAll(arguments);
        Path log = workDirectory.resolve(name + ".log");
        try {
            Files.createDirectories(workDirectory);
            Process process =
                    new ProcessBuilder(command)
                            .directory(workDirectory.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new LocalStackException(name + ": cannot start " + command.get(0), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Waits for the child to write {@code file}; fails early, with its log, if the child dies. */
    private void awaitFile(Path file, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!Files.exists(file)) {
                if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw failure(
                            "exited with code " + process.exitValue() + " before it was ready");
                }
                if (System.nanoTime() > deadline) {
                    throw failure("was not ready within " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException(name + ": interrupted while waiting for it", e);
        }
    }

    /** SIGKILL: what a crash looks like to the child's peers. */
    void kill() {
        process.destroyForcibly();
        awaitExit(STOP_GRACE);
    }

    /** SIGTERM, then SIGKILL if the child has not stopped within the grace period. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(STOP_GRACE)) {
            process.destroyForcibly();
            awaitExit(STOP_GRACE);
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private LocalStackException failure(String what) {
        process.destroyForcibly();
        return new LocalStackException(
                name + " " + what + "; last lines of " + log + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** The facts a child wrote into its ready file (bound port, endpoints). */
    static Map<String, String> readFacts(Path readyFile) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(readyFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ready file " + readyFile, e);
        }
        Map<String, String> facts = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(key -> facts.put(key, properties.getProperty(key)));
        return facts;
    }
}

package io.kappareplay.publisher.job;

import java.io.PrintStream;

/**
 * The run's progress for the person who started it, on stderr (stdout stays free for the caller):
 * one line a step, each prefixed with the job, e.g. {@code [kappa-publisher orders] published ...}.
 */
public final class Progress {
    private final PrintStream out;
    private final String prefix;

    public Progress(PrintStream out, String jobId) {
        this.out = out;
        this.prefix = "[kappa-publisher " + jobId + "] ";
    }

    public void line(String text) {
        out.println(prefix + text);
        out.flush();
    }

    /** Several lines, e.g. the pre-flight report's table, each prefixed. */
    public void block(String text) {
        text.lines().forEach(this::line);
    }
}

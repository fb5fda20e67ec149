package io.kappareplay.sink.rows;

import io.kappareplay.schemas.naming.JobNames;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a topic the sink reads is: the egress or the DLQ topic of a job, by the names {@link
 * JobNames} gives them.
 */
public record TopicRole(JobNames job, Table table) {
    private static final Pattern NAME = Pattern.compile("kappa\\.(.+)\\.(egress|dlq)");

    /** The landed table a topic's records go to. */
    public enum Table {
        EGRESS("egress"),
        DLQ("dlq");

        private final String directory;

        Table(String directory) {
            this.directory = directory;
        }

        /** The directory under {@code <warehouse>/kappa/}. */
        public String directory() {
            return directory;
        }
    }

    /**
     * @throws IllegalArgumentException if {@code topic} is not {@code kappa.<job>.egress} or {@code
     *     kappa.<job>.dlq} of a valid job id
     */
    public static TopicRole of(String topic) {
        Matcher matcher = NAME.matcher(topic);
        if (!matcher.matches() || !JobNames.isValidJobId(matcher.group(1))) {
            throw new IllegalArgumentException(
                    "topic "
                            + topic
                            + " is not the egress or DLQ topic of a job (kappa.<job>.egress,"
                            + " kappa.<job>.dlq): narrow --topic-pattern to those topics");
        }
        return new TopicRole(
                JobNames.of(matcher.group(1)),
                matcher.group(2).equals("egress") ? Table.EGRESS : Table.DLQ);
    }
}

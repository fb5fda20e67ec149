package io.kappareplay.publisher.publish;

import java.util.List;

/**
 * A publisher setting or Kafka client property is not valid; the message names every problem: the
 * key, the value and what would be valid. Permanent: the job fails before publishing anything.
 */
public final class PublishConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PublishConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own: key, value, what is valid. */
    public List<String> problems() {
        return problems;
    }
}

package io.kappareplay.publisher.job;

import java.io.Serializable;
import java.util.Iterator;
import java.util.Optional;
import org.apache.spark.sql.RuntimeConfig;
import scala.Option;

/**
 * <b>Test only.</b> Makes the first attempt of one Spark partition fail after it has handed a
 * number of records to its transaction, so that an integration test can prove that Spark's retry
 * publishes the partition exactly once. Off unless the session's configuration sets {@value
 * #CONF_KEY} to {@code <spark partition>:<records>}, e.g. {@code 1:500}; never set it in a real
 * job.
 *
 * @param sparkPartition the partition whose attempt 0 fails
 * @param afterRecords how many records that attempt sends first
 */
record TaskFault(int sparkPartition, long afterRecords) implements Serializable {

    /** The Spark configuration key that turns the fault on. */
    static final String CONF_KEY = "spark.kappa.test.fail-first-attempt";

    /**
     * @throws JobArgumentsException if the key is set to something other than {@code
     *     <partition>:<records>}
     */
    static Optional<TaskFault> from(RuntimeConfig conf) {
        Option<String> setting = conf.getOption(CONF_KEY);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        String text = setting.get();
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                return Optional.of(
                        new TaskFault(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected form.
        }
        throw new JobArgumentsException(
                CONF_KEY
                        + "="
                        + text
                        + " is not valid; use <spark partition>:<records>, e.g. 1:500, in tests"
                        + " only, or remove it");
    }

    /** {@code records}, failing after {@link #afterRecords} on attempt 0 of the partition. */
    <T> Iterator<T> inject(int partition, int attempt, Iterator<T> records) {
        if (partition != sparkPartition || attempt != 0) {
            return records;
        }
        return new Iterator<>() {
            private long handed;

            @Override
            public boolean hasNext() {
                if (handed >= afterRecords) {
                    throw new IllegalStateException(
                            "Test fault ("
                                    + CONF_KEY
                                    + "): attempt 0 of Spark partition "
                                    + partition
                                    + " fails after "
                                    + handed
                                    + " records");
                }
                return records.hasNext();
            }

            @Override
            public T next() {
                handed++;
                return records.next();
            }
        };
    }
}

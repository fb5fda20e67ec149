package io.kappareplay.local.registry;

import java.util.function.Consumer;

/**
 * The durable log the registry's state is kept in: the schemas topic in production, a list in
 * tests.
 */
interface RecordLog {

    /**
     * Writes one record durably, returning only once it is acknowledged.
     *
     * @throws RecordLogException when the write failed or its outcome is unknown
     */
    void append(RegistryRecord record) throws RecordLogException;

    /** Reads every record from the beginning to the current end, in order. */
    void replay(Consumer<RegistryRecord> sink) throws RecordLogException;

    /** A write or read of the log that failed; a failed write may still have landed. */
    final class RecordLogException extends Exception {
        private static final long serialVersionUID = 1L;

        RecordLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

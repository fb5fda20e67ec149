package io.kappareplay.sink.options;

/** A flag or setting of the sink that is missing or not valid; the message says the fix. */
public class SinkConfigException extends IllegalArgumentException {
    public SinkConfigException(String message) {
        super(message);
    }

    public SinkConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

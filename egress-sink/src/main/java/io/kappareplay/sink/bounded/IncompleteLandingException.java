package io.kappareplay.sink.bounded;

/** A bounded run's landed rows do not match {@code egress.json}: the replay is not complete. */
public class IncompleteLandingException extends RuntimeException {
    public IncompleteLandingException(String message) {
        super(message);
    }
}

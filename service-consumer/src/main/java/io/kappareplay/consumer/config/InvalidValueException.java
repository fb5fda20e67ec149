package io.kappareplay.consumer.config;

/**
 * A text is not a valid value of its {@link ValueType}. Checked, so that reading a value cannot
 * forget to turn it into a {@link ConfigProblem}, which adds the key, the value and the valid ones.
 */
final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String hint;

    /**
     * @param hint what to add after the valid values, starting with {@code "; "}, e.g. {@code ";
     *     did you mean '64MiB'?"}; empty for nothing
     */
    InvalidValueException(String hint) {
        super(hint, null, false, false);
        this.hint = hint;
    }

    String hint() {
        return hint;
    }
}

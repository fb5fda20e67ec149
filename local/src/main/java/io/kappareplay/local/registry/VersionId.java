package io.kappareplay.local.registry;

/**
 * A version as a path names it: a number from 1, or {@code latest} (also {@code -1}).
 *
 * @param number the version number, 0 for latest
 */
record VersionId(int number) {
    static final VersionId LATEST = new VersionId(0);

    /** Parses a path segment; anything else is a 42202 error naming it. */
    static VersionId parse(String text) {
        if ("latest".equalsIgnoreCase(text) || "-1".equals(text)) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 1) {
                return new VersionId(number);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw RegistryException.invalidVersion(text);
    }

    boolean isLatest() {
        return number == 0;
    }

    @Override
    public String toString() {
        return isLatest() ? "latest" : Integer.toString(number);
    }
}

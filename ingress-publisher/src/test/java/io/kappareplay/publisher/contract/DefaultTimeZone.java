package io.kappareplay.publisher.contract;

import java.util.TimeZone;
import java.util.function.Supplier;

/** Runs code under another JVM default time zone, and always puts the old one back. */
final class DefaultTimeZone {
    private DefaultTimeZone() {}

    static <T> T in(String zone, Supplier<T> body) {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone(zone));
            return body.get();
        } finally {
            TimeZone.setDefault(saved);
        }
    }
}

package io.kappareplay.consumer.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110, section 10.2.3): whole seconds ({@code 120})
 * or an HTTP date ({@code Wed, 21 Oct 2026 07:28:00 GMT}), as the wait from now. A date in the past
 * is no wait; a value that is neither is ignored (empty), so the runtime's own backoff applies.
 *
 * <pre>{@code
 * RetryAfter.parse("2", Clock.systemUTC()); // Optional[PT2S]
 * }</pre>
 */
public final class RetryAfter {
    private RetryAfter() {}

    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.matches("[0-9]{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

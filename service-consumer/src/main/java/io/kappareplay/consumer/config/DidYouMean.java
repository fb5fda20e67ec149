package io.kappareplay.consumer.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the name a typo most likely meant, so that a misspelt flag or variable is refused with a
 * suggestion instead of silently leaving its key at the default.
 *
 * <p>The same rule as the job spec's (it lives in package-private {@code
 * io.kappareplay.schemas.spec.ClosestMatch}, which this module cannot reach): within 1 edit of
 * short names and 2 edits of longer ones, a swap of two letters counting as 1.
 */
final class DidYouMean {

    private DidYouMean() {}

    /**
     * The candidate within a typo's distance of {@code given}, or else the only candidate that
     * starts with {@code given} (3 characters or more): {@code stall} means {@code
     * stall-threshold}.
     */
    static Optional<String> among(String given, Collection<String> candidates) {
        Optional<String> typo = typoOf(given, candidates);
        if (typo.isPresent() || given.length() < 3) {
            return typo;
        }
        String typed = given.toLowerCase(Locale.ROOT);
        var prefixed =
                candidates.stream()
                        .filter(c -> c.toLowerCase(Locale.ROOT).startsWith(typed))
                        .toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    /** The candidate within a typo's distance of {@code given}, ignoring case. */
    static Optional<String> typoOf(String given, Collection<String> candidates) {
        String typed = given.toLowerCase(Locale.ROOT);
        int allowed = typed.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions
    // ("max-in-fligth").
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] =
                        Math.min(
                                Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1
                        && j > 1
                        && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

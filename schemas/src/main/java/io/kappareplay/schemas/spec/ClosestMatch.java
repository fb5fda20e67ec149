package io.kappareplay.schemas.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the valid word a typo most likely meant, for "did you mean ...?" hints in every error about
 * a key, flag or value: the job spec's, and the runtimes' configs.
 *
 * <pre>{@code
 * ClosestMatch.among("fromat", List.of("format", "path")); // Optional[format]
 * }</pre>
 */
public final class ClosestMatch {

    private ClosestMatch() {}

    /** A " did you mean 'x'?" suffix, or nothing when no candidate is close. */
    public static String hint(String given, Collection<String> candidates) {
        return among(given, candidates).map(match -> "; did you mean '" + match + "'?").orElse("");
    }

    /**
     * The candidate within a small edit distance of {@code given} (typos, swapped letters), or the
     * only candidate {@code given} is a beginning of ({@code latest} for {@code latest-per-key}).
     */
    public static Optional<String> among(String given, Collection<String> candidates) {
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

    /** The candidate within a typo's distance of {@code given}, ignoring case; no prefix match. */
    public static Optional<String> typoOf(String given, Collection<String> candidates) {
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

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("fromat").
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

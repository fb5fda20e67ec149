package io.kappareplay.schemas.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestMatchTest {

    private static final List<String> SOURCE_KEYS =
            List.of("format", "path", "table", "key-column", "csv", "point-in-time");

    @Test
    void findsSwappedMissingAndExtraLetters() {
        assertThat(ClosestMatch.among("fromat", SOURCE_KEYS)).contains("format");
        assertThat(ClosestMatch.among("tabel", SOURCE_KEYS)).contains("table");
        assertThat(ClosestMatch.among("pathh", SOURCE_KEYS)).contains("path");
        assertThat(ClosestMatch.among("Key-Colum", SOURCE_KEYS)).contains("key-column");
    }

    @Test
    void findsTheOnlyWordABeginningBelongsTo() {
        assertThat(ClosestMatch.among("point", SOURCE_KEYS)).contains("point-in-time");
    }

    @Test
    void suggestsNothingFarAway() {
        assertThat(ClosestMatch.among("snapshot", SOURCE_KEYS)).isEmpty();
        assertThat(ClosestMatch.among("tsv", List.of("csv", "parquet"))).contains("csv");
        assertThat(ClosestMatch.among("xml", List.of("csv", "parquet"))).isEmpty();
    }
}

package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which rows of the source make up the snapshot: {@code source.point-in-time} in a spec.
 *
 * <pre>{@code
 * point-in-time:
 *   mode: as-of
 *   instant: 2024-06-30T00:00:00Z
 * }</pre>
 */
public sealed interface PointInTime {

    /** The mode, for a {@code switch}. */
    Mode mode();

    /** The modes of {@code source.point-in-time.mode}. */
    enum Mode {
        /** The table as it was at an instant: see {@link AsOf}. */
        AS_OF,
        /** The newest version of each key at an instant: see {@link LatestPerKey}. */
        LATEST_PER_KEY,
        /** The rows whose event time falls in a window: see {@link Window}. */
        WINDOW;

        /** How the mode is written in a spec, e.g. {@code latest-per-key}. */
        public String key() {
            return SpecRules.key(this);
        }
    }

    /**
     * The source as it was at an instant: by Iceberg time travel (to {@code instant} or to {@code
     * snapshotId}), or by SCD2 validity columns compared with {@code instant}. Formats without time
     * travel need the validity columns.
     *
     * @param instant {@code source.point-in-time.instant}; empty only when {@code snapshotId} is
     *     given
     * @param snapshotId {@code source.point-in-time.snapshot-id}: an Iceberg snapshot instead of an
     *     instant
     * @param validity {@code valid-from-column} and {@code valid-to-column}
     */
    record AsOf(
            Optional<Instant> instant, OptionalLong snapshotId, Optional<ValidityColumns> validity)
            implements PointInTime {

        public AsOf {
            requireNonNull(instant, "instant");
            requireNonNull(snapshotId, "snapshotId");
            requireNonNull(validity, "validity");
            Violations violations = new Violations();
            SpecRules.asOf(violations, null, instant, snapshotId, validity.isPresent());
            violations.throwIfAny();
        }

        @Override
        public Mode mode() {
            return Mode.AS_OF;
        }
    }

    /**
     * For each key, the row with the highest {@code versionColumn} not after {@code instant}.
     *
     * @param instant {@code source.point-in-time.instant}
     * @param keyColumn {@code source.point-in-time.key-column}, by default the business key
     * @param versionColumn {@code source.point-in-time.version-column}: a timestamp column
     */
    record LatestPerKey(Instant instant, String keyColumn, String versionColumn)
            implements PointInTime {

        public LatestPerKey {
            requireNonNull(instant, "instant");
            Violations violations = new Violations();
            SpecRules.column(violations, JobSpecKey.POINT_IN_TIME_KEY_COLUMN, keyColumn);
            SpecRules.column(violations, JobSpecKey.POINT_IN_TIME_VERSION_COLUMN, versionColumn);
            violations.throwIfAny();
        }

        @Override
        public Mode mode() {
            return Mode.LATEST_PER_KEY;
        }
    }

    /**
     * The rows with {@code from <= eventTimeColumn < to}.
     *
     * @param instant {@code source.point-in-time.instant}, by default {@code to}: the window is
     *     complete at its end, so that is when the snapshot is cut
     * @param eventTimeColumn {@code source.point-in-time.event-time-column}
     * @param from {@code source.point-in-time.from}, inclusive
     * @param to {@code source.point-in-time.to}, exclusive
     */
    record Window(Instant instant, String eventTimeColumn, Instant from, Instant to)
            implements PointInTime {

        public Window {
            requireNonNull(instant, "instant");
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            Violations violations = new Violations();
            SpecRules.column(
                    violations, JobSpecKey.POINT_IN_TIME_EVENT_TIME_COLUMN, eventTimeColumn);
            SpecRules.window(violations, from, to);
            violations.throwIfAny();
        }

        @Override
        public Mode mode() {
            return Mode.WINDOW;
        }
    }
}

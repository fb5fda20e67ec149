package io.kappareplay.sink.options;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting of the egress sink: its key ({@code kappa.sink.*}), its flag, its default (empty
 * where the setting is required or has no value by default) and what it means.
 */
public enum SinkOptionKey {
    JOB("kappa.sink.job", "", "the job id whose egress and DLQ topics to land (bounded mode)"),
    BOOTSTRAP_SERVERS("kappa.sink.bootstrap-servers", "", "the Kafka bootstrap servers"),
    REGISTRY_URL("kappa.sink.registry-url", "", "the schema registry URL (Confluent API)"),
    WAREHOUSE("kappa.sink.warehouse", "", "the warehouse root: file://, hdfs:// or s3a:// URI"),
    MODE("kappa.sink.mode", "bounded", "bounded (one job, stops at egress.json) or continuous"),
    EGRESS_MANIFEST(
            "kappa.sink.egress-manifest",
            "",
            "bounded mode: the egress.json with the stop offsets; default"
                    + " <warehouse>/kappa/manifests/<job>/egress.json"),
    TOPIC_PATTERN(
            "kappa.sink.topic-pattern",
            "kappa\\.[a-z0-9][a-z0-9-]*\\.(egress|dlq)",
            "continuous mode: the regex of the egress and DLQ topics to land"),
    CHECKPOINT_INTERVAL(
            "kappa.sink.checkpoint-interval",
            "10m",
            "how often files are committed (bulk formats roll only at checkpoints), e.g. 30s, 10m"),
    CHECKPOINT_DIR(
            "kappa.sink.checkpoint-dir",
            "",
            "durable checkpoint storage URI; default the Flink cluster's (in-process: memory)"),
    PARALLELISM(
            "kappa.sink.parallelism",
            "2",
            "Kafka readers and Parquet writers: each writes one file per dt and checkpoint"),
    MAX_PART_SIZE_MB(
            "kappa.sink.max-part-size-mb",
            "256",
            "a part file is closed before a checkpoint once it reaches this size"),
    GROUP_ID(
            "kappa.sink.group-id",
            "kappa.sink",
            "continuous mode: the consumer group the checkpointed offsets are also committed to"),
    RESTART_ATTEMPTS(
            "kappa.sink.restart-attempts",
            "3",
            "task failures the job recovers from (from its last checkpoint) before it fails");

    private final String key;
    private final String defaultValue;
    private final String description;

    SinkOptionKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The dotted key, e.g. {@code kappa.sink.checkpoint-interval}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --checkpoint-interval}. */
    public String flag() {
        return "--" + key.substring("kappa.sink.".length());
    }

    /** The default, or empty when the setting must be given or has no value by default. */
    public Optional<String> defaultValue() {
        return defaultValue.isEmpty() ? Optional.empty() : Optional.of(defaultValue);
    }

    public String description() {
        return description;
    }

    /** The key whose flag is {@code flag}, if any. */
    public static Optional<SinkOptionKey> byFlag(String flag) {
        return Arrays.stream(values()).filter(key -> key.flag().equals(flag)).findFirst();
    }
}

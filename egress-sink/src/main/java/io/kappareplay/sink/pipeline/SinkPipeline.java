package io.kappareplay.sink.pipeline;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.sink.bounded.StopOffsets;
import io.kappareplay.sink.options.SinkMode;
import io.kappareplay.sink.options.SinkOptions;
import io.kappareplay.sink.rows.LandedRowDecoder;
import io.kappareplay.sink.write.PartSizeRollingPolicy;
import io.kappareplay.sink.write.RowParquetWriterFactory;
import io.kappareplay.sink.write.TableBucketAssigner;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The sink's Flink pipeline: one {@link KafkaSource} over the egress and DLQ topics
 * (read_committed), rows decoded by {@link LandedRowDecoder}, one {@link FileSink} of Parquet part
 * files under {@code <warehouse>/kappa/}, committed at checkpoints (two-phase commit). Source and
 * writers have the same parallelism and are chained: no row crosses a network boundary.
 */
public final class SinkPipeline {
    private SinkPipeline() {}

    /**
     * The environment of a run: the {@code flink run} context when there is one, else an in-process
     * MiniCluster on loopback.
     */
    public static StreamExecutionEnvironment environment(SinkOptions options) {
        return StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(options));
    }

    /**
     * Adds the pipeline to {@code environment}.
     *
     * @param stopOffsets bounded mode's end offsets; empty in continuous mode
     * @param failure a task failure to inject, for the recovery test; empty otherwise
     */
    public static void build(
            StreamExecutionEnvironment environment,
            SinkOptions options,
            Optional<StopOffsets> stopOffsets,
            Optional<InjectedTaskFailure> failure) {
        DataStream<GenericRecord> rows =
                environment
                        .fromSource(
                                source(options, stopOffsets),
                                WatermarkStrategy.noWatermarks(),
                                "kafka")
                        .uid("kafka-source");
        if (failure.isPresent()) {
            rows = rows.map(failure.get()).returns(rows.getType()).name("injected-task-failure");
        }
        rows.sinkTo(sink(options)).name("parquet-files").uid("parquet-files");
    }

    static KafkaSource<GenericRecord> source(
            SinkOptions options, Optional<StopOffsets> stopOffsets) {
        Map<String, String> registry = new HashMap<>(options.registryProperties());
        registry.put(RegistryClientConfig.URL, options.registryUrl());
        KafkaSourceBuilder<GenericRecord> builder =
                KafkaSource.<GenericRecord>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setDeserializer(new LandedRowDecoder(registry));
        if (options.mode() == SinkMode.BOUNDED) {
            JobNames job = options.boundedJob();
            StopOffsets stop =
                    stopOffsets.orElseThrow(
                            () -> new IllegalArgumentException("bounded mode needs stop offsets"));
            builder.setTopics(job.egressTopic(), job.dlqTopic())
                    .setGroupId(job.consumerGroup() + ".sink")
                    .setProperty("commit.offsets.on.checkpoint", "false")
                    .setStartingOffsets(OffsetsInitializer.earliest())
                    .setBounded(OffsetsInitializer.offsets(stop.offsets()))
                    .setClientIdPrefix(job.consumerGroup() + ".sink");
        } else {
            builder.setTopicPattern(options.topicPattern())
                    .setGroupId(options.groupId())
                    .setStartingOffsets(
                            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                    .setProperty("partition.discovery.interval.ms", "60000")
                    .setClientIdPrefix(options.groupId());
        }
        // After the mode's defaults, so --kafka can tune e.g. partition.discovery.interval.ms.
        options.kafkaProperties().forEach(builder::setProperty);
        // Only committed records land; aborted ones and transaction markers are skipped.
        builder.setProperty("isolation.level", "read_committed");
        return builder.build();
    }

    static FileSink<GenericRecord> sink(SinkOptions options) {
        String root = options.warehouse().toString();
        Path base = new Path(root.endsWith("/") ? root + "kappa" : root + "/kappa");
        return FileSink.forBulkFormat(base, new RowParquetWriterFactory())
                .withBucketAssigner(new TableBucketAssigner())
                .withRollingPolicy(new PartSizeRollingPolicy(options.maxPartSizeBytes()))
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".parquet")
                                .build())
                .build();
    }
}

package io.kappareplay.publisher.job;

import static io.kappareplay.publisher.testing.IngressTopics.checksum;
import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.publisher.testing.IngressTopics;
import io.kappareplay.schemas.manifest.IngressManifest;
import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.naming.JobNames;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code local[2,4]}, the first attempt of one task fails after it has sent part of its
 * partition in its transaction; Spark's retry publishes the partition again under the same
 * transactional id. The topic then holds every row exactly once, and the manifest is what a
 * read_committed reader reads.
 */
class TaskRetryIT {
    private static final int ROWS = 40_000;

    @Test
    void aRetriedTaskPublishesItsPartitionExactlyOnce(@TempDir Path directory) {
        SparkSession spark = TestingSpark.session();
        String source = directory.resolve("orders").toUri().toString();
        spark.range(ROWS)
                .selectExpr(
                        "concat('order-', id) AS order_id",
                        "id AS seq",
                        "CAST(concat(CAST(id AS STRING), '.00') AS DECIMAL(12,2)) AS amount",
                        "timestamp_millis(1700000000000 + id * 1000) AS ordered_at",
                        "DATE'2024-01-01' AS day",
                        "'PLACED' AS status",
                        "CAST(NULL AS STRING) AS note")
                .write()
                .parquet(source);
        String jobId = "job-task-retry";
        Path spec =
                PublisherRuns.spec(
                        directory,
                        jobId,
                        """
                          format: parquet
                          path: %s
                          key-column: order_id
                          point-in-time:
                            mode: latest-per-key
                            instant: 2024-01-01T00:00:00Z
                            version-column: ordered_at
                        """
                                .formatted(source),
                        IngressPublisherJobIT.ORDER,
                        "");

        spark.conf().set(TaskFault.CONF_KEY, "1:8000");
        PublisherResult result;
        try {
            result = PublisherRuns.run(spec, "--replace");
        } finally {
            spark.conf().unset(TaskFault.CONF_KEY);
        }

        String topic = JobNames.of(jobId).ingressTopic();
        List<ConsumerRecord<byte[], byte[]>> records = IngressTopics.readCommitted(topic);
        Set<String> keys = new HashSet<>();
        records.forEach(record -> assertThat(keys.add(PublisherRuns.key(record))).isTrue());
        assertThat(keys).hasSize(ROWS);
        // The failed attempt's records are on the log, aborted: the fault did happen.
        assertThat(IngressTopics.countUncommitted(topic)).isGreaterThan(ROWS);

        IngressManifest manifest = result.manifest();
        assertThat(manifest.records()).isEqualTo(ROWS);
        assertThat(manifest.sourceRows()).isEqualTo(ROWS);
        assertThat(manifest.surplusRecords()).isZero();
        assertThat(manifest.keyChecksum()).isEqualTo(checksum(keys));
        Map<Integer, Long> perPartition =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        ConsumerRecord::partition,
                                        TreeMap::new,
                                        Collectors.counting()));
        for (PartitionSummary partition : manifest.partitions()) {
            assertThat(partition.records())
                    .isEqualTo(perPartition.getOrDefault(partition.partition(), 0L));
        }
        assertThat(spark.read().parquet(result.ledgerPath().toString()).count()).isEqualTo(ROWS);
    }
}

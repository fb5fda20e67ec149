package io.kappareplay.publisher.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of the publisher job's ITs: {@code local[2,4]} (two cores, a failed task tried
 * up to four times, as on a cluster), Hive support on a Derby metastore, and an Iceberg Hadoop
 * catalog {@code iceberg_it}, both in a fresh temporary directory. Shared by the ITs of this JVM;
 * made again if another IT stopped it, then with a metastore of its own, since the first one's
 * Derby database may stay locked by the stopped session's class loader.
 */
final class TestingSpark {
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static SparkSession session;

    private TestingSpark() {}

    static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            int n = SESSIONS.incrementAndGet();
            Path work = temporaryDirectory();
            session =
                    SparkSession.builder()
                            .master("local[2,4]")
                            .appName("publisher-job-it")
                            .config("spark.sql.shuffle.partitions", "4")
                            .config("spark.sql.session.timeZone", "UTC")
                            .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
                            .config(
                                    "spark.hadoop.javax.jdo.option.ConnectionURL",
                                    "jdbc:derby:;databaseName="
                                            + work.resolve("metastore-job-it-" + n)
                                            + ";create=true")
                            .config(
                                    "spark.sql.catalog.iceberg_it",
                                    "org.apache.iceberg.spark.SparkCatalog")
                            .config("spark.sql.catalog.iceberg_it.type", "hadoop")
                            .config(
                                    "spark.sql.catalog.iceberg_it.warehouse",
                                    work.resolve("iceberg-it-" + n).toUri().toString())
                            .enableHiveSupport()
                            .getOrCreate();
        }
        return session;
    }

    /**
     * A fresh directory for the metastore and the Iceberg warehouse, so that no table of an earlier
     * build is in the way.
     */
    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("kappa-publisher-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

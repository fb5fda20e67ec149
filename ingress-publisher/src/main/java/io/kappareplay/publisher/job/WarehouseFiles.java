package io.kappareplay.publisher.job;

import io.kappareplay.publisher.manifest.LedgerRow;
import io.kappareplay.schemas.manifest.IngressManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the publisher writes under the warehouse root, through Hadoop's {@code FileSystem} so that
 * {@code file://}, {@code hdfs://} and {@code s3a://} roots all work with the session's Hadoop
 * configuration.
 */
final class WarehouseFiles {

    /**
     * The ledger's columns, named like the egress table's lineage columns so that the two join:
     * {@code record_key}, {@code lineage}, {@code ingress_partition}, {@code ingress_offset}, and
     * {@code publish_time} (the record's timestamp).
     */
    static final StructType LEDGER_SCHEMA =
            new StructType()
                    .add("record_key", DataTypes.StringType, false)
                    .add("lineage", DataTypes.StringType, true)
                    .add("ingress_partition", DataTypes.IntegerType, false)
                    .add("ingress_offset", DataTypes.LongType, false)
                    .add("publish_time", DataTypes.TimestampType, false);

    private WarehouseFiles() {}

    static Row ledgerRow(LedgerRow row) {
        return RowFactory.create(
                row.key(), row.lineage(), row.partition(), row.offset(), row.publishTime());
    }

    /**
     * Writes the manifest beside a temporary copy and renames it into place, so that a reader never
     * sees half a manifest (the rename is atomic on HDFS and local file systems; on S3 it is a
     * copy, and the manifest small).
     */
    static void writeManifest(SparkSession spark, URI path, IngressManifest manifest) {
        Path target = new Path(path);
        Path temporary = new Path(target.getParent(), target.getName() + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(temporary, true)) {
                manifest.writeTo(out);
            }
            fs.delete(target, false);
            if (!fs.rename(temporary, target)) {
                throw new IOException("renaming " + temporary + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the ingress manifest "
                            + path
                            + ": "
                            + e.getMessage()
                            + "; check that the warehouse root is writable",
                    e);
        }
    }
}

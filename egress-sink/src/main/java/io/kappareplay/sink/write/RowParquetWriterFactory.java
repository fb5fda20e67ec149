package io.kappareplay.sink.write;

import io.kappareplay.sink.rows.LineageColumns;
import java.io.IOException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetBulkWriter;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes each part file as Parquet with the schema of its first row. A part file holds one bucket,
 * one table of one job, so all its rows share that schema; different jobs' egress tables, each with
 * its own output columns, can go through one sink (continuous mode). Snappy-compressed.
 */
public final class RowParquetWriterFactory implements BulkWriter.Factory<GenericRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public BulkWriter<GenericRecord> create(FSDataOutputStream stream) {
        return new BulkWriter<>() {
            private ParquetBulkWriter<GenericRecord> writer;

            @Override
            public void addElement(GenericRecord row) throws IOException {
                if (writer == null) {
                    ParquetWriter<GenericRecord> parquet =
                            AvroParquetWriter.<GenericRecord>builder(new StreamOutputFile(stream))
                                    .withSchema(row.getSchema())
                                    .withDataModel(GenericData.get())
                                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                                    // Unique per row: a dictionary never pays, and filling one
                                    // until it falls back took most of the writers' time.
                                    .withDictionaryEncoding(LineageColumns.RECORD_KEY, false)
                                    .withDictionaryEncoding(LineageColumns.INGRESS_OFFSET, false)
                                    .withDictionaryEncoding(LineageColumns.PROCESSED_AT, false)
                                    .withDictionaryEncoding(LineageColumns.KAFKA_OFFSET, false)
                                    .build();
                    writer = new ParquetBulkWriter<>(parquet);
                }
                writer.addElement(row);
            }

            @Override
            public void flush() {
                // Parquet buffers a row group in memory; it cannot flush part of one.
            }

            @Override
            public void finish() throws IOException {
                if (writer != null) {
                    writer.finish();
                }
            }
        };
    }
}

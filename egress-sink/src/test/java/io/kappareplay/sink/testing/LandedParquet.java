package io.kappareplay.sink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a landed table back with parquet-avro, independently of the sink's own read-back: every row
 * of every visible file, the files per {@code dt=} directory, and any hidden file left.
 */
public final class LandedParquet {
    public final List<GenericRecord> rows = new ArrayList<>();
    public final Map<String, Integer> filesByDay = new TreeMap<>();
    public final Map<String, Boolean> successByDay = new TreeMap<>();
    public final List<Path> hiddenFiles = new ArrayList<>();

    private LandedParquet() {}

    /** Reads {@code <warehouse>/kappa/<table>/job_id=<job>/}. */
    public static LandedParquet read(Path tableDirectory) {
        LandedParquet landed = new LandedParquet();
        if (!Files.isDirectory(tableDirectory)) {
            return landed;
        }
        try (Stream<Path> days = Files.list(tableDirectory)) {
            for (Path day : days.sorted().toList()) {
                String dt = day.getFileName().toString();
                landed.successByDay.put(dt, Files.exists(day.resolve("_SUCCESS")));
                try (Stream<Path> files = Files.list(day)) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        if (name.startsWith(".")) {
                            landed.hiddenFiles.add(file);
                        } else if (!name.startsWith("_")) {
                            landed.filesByDay.merge(dt, 1, Integer::sum);
                            landed.readFile(file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return landed;
    }

    private void readFile(Path file) throws IOException {
        try (ParquetReader<GenericRecord> reader =
                AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                        .withDataModel(GenericData.get())
                        .build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
    }
}

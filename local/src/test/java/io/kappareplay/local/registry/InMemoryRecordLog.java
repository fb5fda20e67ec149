package io.kappareplay.local.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link RecordLog} in a list, holding the records as the topic would (bytes in the registry's
 * format), so replays also go through {@link RegistryRecordFormat}. Writes can be made to fail,
 * with or without the record landing (a send whose acknowledgement was lost).
 */
final class InMemoryRecordLog implements RecordLog {
    private final RegistryRecordFormat format = new RegistryRecordFormat();
    private final List<byte[][]> records = new ArrayList<>();
    private int failingAppends;
    private boolean failedAppendsLand;
    private int replays;

    @Override
    public synchronized void append(RegistryRecord record) throws RecordLogException {
        if (failingAppends > 0) {
            failingAppends--;
            if (failedAppendsLand) {
                add(record);
            }
            throw new RecordLogException(
                    "injected failure writing " + record.key(), new IllegalStateException());
        }
        add(record);
    }

    private void add(RegistryRecord record) {
        records.add(new byte[][] {format.key(record.key()), format.value(record.value())});
    }

    @Override
    public synchronized void replay(Consumer<RegistryRecord> sink) {
        replays++;
        for (byte[][] record : records) {
            format.read(record[0], record[1]).ifPresent(sink);
        }
    }

    /** The next {@code count} appends fail; when {@code land}, their records are written anyway. */
    synchronized void failNextAppends(int count, boolean land) {
        failingAppends = count;
        failedAppendsLand = land;
    }

    /** Adds raw bytes, as another writer of the topic could. */
    synchronized void addRaw(byte[] key, byte[] value) {
        records.add(new byte[][] {key, value});
    }

    synchronized List<RegistryRecord> records() {
        List<RegistryRecord> read = new ArrayList<>();
        for (byte[][] record : records) {
            format.read(record[0], record[1]).ifPresent(read::add);
        }
        return read;
    }

    synchronized int size() {
        return records.size();
    }

    synchronized int replays() {
        return replays;
    }
}

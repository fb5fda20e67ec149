package io.kappareplay.sink.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A test-only fault: in the first attempt of subtask 0, fails the task once {@code checkpoints}
 * checkpoints have completed and 500 more rows have gone to the writer since the last one, so that
 * part files are open when it fails and Flink must restore from the last checkpoint. Until then it
 * slows that subtask down a little, so the checkpoints complete before the input runs out.
 * Announced on stderr when it fires.
 */
public final class InjectedTaskFailure extends RichMapFunction<GenericRecord, GenericRecord>
        implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    // In-process runs only: how a test learns the fault fired in the MiniCluster's task thread.
    private static final AtomicInteger FIRED = new AtomicInteger();

    private final int checkpoints;
    private transient boolean armed;
    private transient int completed;
    private transient long rows;
    private transient long rowsSinceCheckpoint;

    public InjectedTaskFailure(int checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** How often the fault has fired in this JVM. */
    public static int fired() {
        return FIRED.get();
    }

    @Override
    public void open(OpenContext context) {
        armed =
                getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                        && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    }

    @Override
    public GenericRecord map(GenericRecord row) throws Exception {
        if (armed) {
            if (completed >= checkpoints && rowsSinceCheckpoint >= 500) {
                System.err.println(
                        "egress-sink test fault: failing the task after "
                                + completed
                                + " completed checkpoints and "
                                + rows
                                + " rows");
                FIRED.incrementAndGet();
                throw new IllegalStateException("injected task failure (test)");
            }
            rowsSinceCheckpoint++;
            if (++rows % 20 == 0) {
                Thread.sleep(1);
            }
        }
        return row;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        completed++;
        rowsSinceCheckpoint = 0;
    }
}

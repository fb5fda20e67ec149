package io.kappareplay.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.sink.options.SinkOptionKey;
import io.kappareplay.sink.options.SinkOptions;
import io.kappareplay.sink.testing.EgressFixture;
import io.kappareplay.sink.testing.LandedAssertions;
import io.kappareplay.sink.testing.LandedParquet;
import io.kappareplay.sink.testing.SinkRuns;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;

/**
 * The bounded sink into a real HDFS (MiniDFSCluster on loopback): the same rows as on a local
 * directory, committed, with no in-progress or pending file left.
 */
class HdfsSinkIT {

    @Test
    void landsTheSameRowsOnHdfs() throws Exception {
        EgressFixture fixture = new EgressFixture("hdfs", 2, 50_000, 50);
        Path local = SinkRuns.warehouse("hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("dfs").toString());
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            cluster.waitActive();
            URI warehouse =
                    URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/warehouse");
            // egress.json as the consumer leaves it, on the local disk: --egress-manifest names it.
            fixture.produce(local.toUri());
            SinkOptions options =
                    SinkRuns.bounded(
                            fixture.job.jobId(),
                            warehouse,
                            Map.of(
                                    SinkOptionKey.EGRESS_MANIFEST,
                                    fixture.job.egressManifest(local.toUri()).toString()));

            SinkManifest manifest = EgressSinkJob.run(options, Optional.empty()).orElseThrow();

            FileSystem hdfs = cluster.getFileSystem();
            List<String> hidden = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> files =
                    hdfs.listFiles(new org.apache.hadoop.fs.Path("/warehouse/kappa"), true);
            while (files.hasNext()) {
                String name = files.next().getPath().getName();
                if (name.startsWith(".")) {
                    hidden.add(name);
                }
            }
            assertThat(hidden).as("in-progress or pending files left").isEmpty();
            assertThat(
                            hdfs.exists(
                                    new org.apache.hadoop.fs.Path(
                                            "/warehouse/kappa/manifests/"
                                                    + fixture.job.jobId()
                                                    + "/sink.json")))
                    .isTrue();
            Path copy = local.resolve("copy");
            hdfs.copyToLocalFile(
                    new org.apache.hadoop.fs.Path("/warehouse/kappa"),
                    new org.apache.hadoop.fs.Path(copy.toUri()));
            LandedParquet egress =
                    LandedParquet.read(copy.resolve("egress/job_id=" + fixture.job.jobId()));
            LandedParquet dlq =
                    LandedParquet.read(copy.resolve("dlq/job_id=" + fixture.job.jobId()));
            // copyToLocalFile adds .crc files beside each copy: they are the local file system's.
            egress.hiddenFiles.removeIf(file -> file.getFileName().toString().endsWith(".crc"));
            dlq.hiddenFiles.removeIf(file -> file.getFileName().toString().endsWith(".crc"));
            LandedAssertions.egressExactlyOnce(fixture, egress);
            LandedAssertions.deadLettersLanded(fixture, dlq);
            LandedAssertions.manifestMatchesFiles(manifest, egress, dlq);
        } finally {
            cluster.shutdown();
        }
    }
}

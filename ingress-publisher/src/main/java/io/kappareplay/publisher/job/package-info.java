/**
 * The publish run that {@link io.kappareplay.publisher.IngressPublisherJob} starts: its command
 * line ({@link io.kappareplay.publisher.job.JobArguments}), its steps on the driver ({@link
 * io.kappareplay.publisher.job.PublishPipeline}), what each Spark task does ({@code PartitionTask}:
 * coerce, publish in one transaction, hand back the rejects), and what it leaves under the
 * warehouse root: {@code kappa/rejects/job_id=<job>/}, {@code kappa/ledger/job_id=<job>/} and
 * {@code kappa/manifests/<job>/ingress.json}.
 *
 * <p>Exactly once under task retries: a retried task reuses its partition's transactional id, which
 * fences and aborts the failed attempt's transaction, and a task's counts reach the manifest only
 * through the read_committed read-back. The one gap, a task that committed and then died before
 * Spark saw it succeed, publishes its partition twice; the manifest shows the surplus and the
 * ledger the duplicated lineages ({@code PartitionPublisher} says more). The rejects of a task are
 * written by the same task after its commit, which widens that gap by the time it takes to write
 * them.
 */
package io.kappareplay.publisher.job;

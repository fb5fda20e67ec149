/**
 * The ingress manifest {@code kappa/manifests/<job>/ingress.json} and the ledger rows beside it,
 * both from one read_committed read-back of the ingress topic ({@link
 * io.kappareplay.publisher.manifest.IngressReadBack}), never from what the tasks say they sent:
 * transaction markers take offsets, and a task that committed and was retried publishes twice.
 *
 * <pre>{@code
 * IngressReadBack readBack = new IngressReadBack(kafkaProperties, names.ingressTopic(), timeout);
 * List<PartitionSummary> partitions = readBack.readAll(ledger::add);
 * IngressManifest.of("orders", snapshot, null, startedAt, Instant.now(), sourceRows, rejects, partitions)
 *         .writeTo(Path.of("/warehouse/kappa/manifests/orders/ingress.json"));
 * }</pre>
 *
 * <p>On a cluster the read can be spread: fix the end offsets once on the driver ({@link
 * io.kappareplay.publisher.manifest.IngressReadBack#settledEndOffsets()}), let each executor task
 * read some partitions through a {@link io.kappareplay.publisher.manifest.LedgerCursor} and write
 * their ledger rows, and collect the cursors' {@link
 * io.kappareplay.schemas.manifest.PartitionSummary summaries} for the manifest.
 */
package io.kappareplay.publisher.manifest;

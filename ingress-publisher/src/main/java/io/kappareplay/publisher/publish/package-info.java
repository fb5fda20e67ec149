/**
 * The Kafka side of the publisher, free of Spark so that it runs, and is tested, against a real
 * broker on its own: {@link io.kappareplay.publisher.publish.ContractRegistration} registers the
 * contract under {@code kappa.<job>.ingress-value} and {@link
 * io.kappareplay.publisher.publish.IngressTopicGuard} prepares {@code kappa.<job>.ingress} on the
 * driver, and {@link io.kappareplay.publisher.publish.PartitionPublisher} publishes one Spark
 * partition's encoded records in one Kafka transaction from {@code foreachPartition}, held back
 * while the job's consumers lag behind if asked to. Settings: {@link
 * io.kappareplay.publisher.publish.PublishOptions}.
 *
 * <pre>{@code
 * PublishOptions options = PublishOptions.fromProperties(overrides);
 * int schemaId = new ContractRegistration(registry).register(names, contract);
 * new IngressTopicGuard(kafkaProperties, options).prepare(names, spec.ingress().partitions());
 * PartitionPublisher publisher = new PartitionPublisher(jobId, snapshot, kafkaProperties, options);
 * encoded.foreachPartition(rows -> publisher.publish(TaskContext.getPartitionId(), toRecords(rows)));
 * }</pre>
 */
package io.kappareplay.publisher.publish;

/**
 * A Confluent-compatible Schema Registry (REST API v1, Avro only) that keeps its state in a
 * compacted Kafka topic, run by the launcher as a child JVM ({@link
 * io.kappareplay.local.registry.RegistryServerMain}).
 *
 * <p>The layers, from the inside out: {@link io.kappareplay.local.registry.RegistryState} is the
 * pure state machine that applies {@link io.kappareplay.local.registry.RegistryRecord}s; {@link
 * io.kappareplay.local.registry.RegistryService} holds the rules of the API and writes every change
 * to a {@link io.kappareplay.local.registry.RecordLog} before applying it through the same {@code
 * apply} the startup replay uses; {@link io.kappareplay.local.registry.KafkaRecordLog} is the thin
 * Kafka layer; {@link io.kappareplay.local.registry.RegistryHttpApi} maps HTTP to the registry.
 */
package io.kappareplay.local.registry;

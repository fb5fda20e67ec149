/**
 * Avro in Confluent's wire format: {@link io.kappareplay.schemas.serde.WireFormat} for the
 * five-byte header, {@link io.kappareplay.schemas.serde.KappaAvroSerializer} and {@link
 * io.kappareplay.schemas.serde.KappaAvroDeserializer} for Kafka clients, configured by {@link
 * io.kappareplay.schemas.serde.AvroSerdeConfig} and the registry keys of {@link
 * io.kappareplay.schemas.registry.RegistryClientConfig}.
 */
package io.kappareplay.schemas.serde;

/**
 * A client for the Confluent Schema Registry REST API, which Confluent's registry, Karapace,
 * Apicurio's ccompat API and Redpanda all serve.
 *
 * <p>{@link io.kappareplay.schemas.registry.SchemaRegistryClient} is the interface every stage
 * codes against; {@link io.kappareplay.schemas.registry.HttpSchemaRegistryClient} implements it
 * over HTTP with caching, retries, failover between URLs, basic or bearer authentication and TLS,
 * configured by {@link io.kappareplay.schemas.registry.RegistryClientConfig}. Failures are {@link
 * io.kappareplay.schemas.registry.RegistryException}s, typed by the registry's error code.
 */
package io.kappareplay.schemas.registry;

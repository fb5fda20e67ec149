/**
 * The consumer runtime's configuration: {@link io.kappareplay.consumer.config.ConsumerConfig},
 * typed and checked when built, with every key a {@link
 * io.kappareplay.consumer.config.ConsumerConfigKey}.
 *
 * <p>One key style everywhere, derived mechanically from the dotted key:
 *
 * <pre>{@code
 * kappa.consumer.retry.max-attempts=3        # properties map
 * KAPPA_CONSUMER_RETRY_MAX_ATTEMPTS=3        # environment: upper case, '.' and '-' as '_'
 * --retry.max-attempts 3                     # command line: the key without kappa.consumer.
 *
 * kafka.security.protocol=SASL_SSL           # Kafka client properties pass through
 * KAPPA_KAFKA_SECURITY_PROTOCOL=SASL_SSL     # '_' is '.', '__' is '_', '___' is '-'
 * --kafka.security.protocol=SASL_SSL
 * }</pre>
 */
package io.kappareplay.consumer.config;

/**
 * The runtime's meters, defined in one place ({@link
 * io.kappareplay.consumer.metrics.ConsumerMeters}), and the HTTP endpoint that serves them with the
 * health checks a Kubernetes probe calls.
 */
package io.kappareplay.consumer.metrics;

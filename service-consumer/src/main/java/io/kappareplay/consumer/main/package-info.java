/**
 * The container entry point ({@link io.kappareplay.consumer.main.ConsumerMain}): configuration, job
 * spec, handler, registry, metrics server and shutdown hook around one {@link
 * io.kappareplay.consumer.runtime.ReplayConsumer}.
 */
package io.kappareplay.consumer.main;

/**
 * Isolated loading of a job's {@link io.kappareplay.service.api.ReplayHandler}: {@link
 * io.kappareplay.consumer.handler.HandlerLoader} reads the handler's jars into a child-first {@link
 * io.kappareplay.consumer.handler.HandlerClassLoader}, so the production library inside runs with
 * its own Jackson, Guava or Netty beside ours, and hands back a {@link
 * io.kappareplay.consumer.handler.LoadedHandler} that calls it under its own context class loader.
 * Without jars the handler is loaded from the runtime's own class path instead, with no isolation.
 */
package io.kappareplay.consumer.handler;

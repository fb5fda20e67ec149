/**
 * The consumer runtime: hosts a {@link io.kappareplay.service.api.ReplayHandler} over a job's
 * ingress topic. Packages follow its concepts: {@code handler} (isolated loading), {@code offsets}
 * (what may be committed), {@code dispatch} (ordering and in-flight limits), {@code retry}, {@code
 * http} (the built-in handler for services that are not Java).
 */
package io.kappareplay.consumer;

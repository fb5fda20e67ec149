/**
 * What a production service implements to be replayed by Kappa Replay: {@link
 * io.kappareplay.service.api.ReplayHandler}, the {@link io.kappareplay.service.api.ReplayInput} it
 * receives, the {@link io.kappareplay.service.api.ReplayContext} of each record, the {@link
 * io.kappareplay.service.api.ReplayOutput}s it returns, and the two failure kinds. Nothing here
 * knows Kafka: the same adapter runs under the consumer runtime, in a unit test, or behind the
 * service's own online API.
 */
package io.kappareplay.service.api;

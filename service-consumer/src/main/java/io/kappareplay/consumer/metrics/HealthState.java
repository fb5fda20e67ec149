package io.kappareplay.consumer.metrics;

/**
 * What the health endpoints ask the runtime. Live: the poll loop came round recently (a wedged loop
 * gets the pod restarted). Ready: the runtime has started (its handler is open) and is not
 * stopping; joining the group is not waited for, since a consumer serves no traffic to route.
 */
public interface HealthState {
    boolean live();

    boolean ready();

    /** One line for a person reading the probe's answer, e.g. why it is not ready. */
    String describe();
}

package io.kappareplay.consumer.metrics;

/**
 * What the health endpoints ask the runtime. Live: the poll loop came round recently (a wedged loop
 * gets the pod restarted). Ready: the handler is open and the member has joined its group.
 */
public interface HealthState {
    boolean live();

    boolean ready();

    /** One line for a person reading the probe's answer, e.g. why it is not ready. */
    String describe();
}

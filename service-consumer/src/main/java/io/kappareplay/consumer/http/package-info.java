/**
 * The built-in handler for services that are not Java: {@link
 * io.kappareplay.consumer.http.HttpReplayHandler} POSTs each record as plain JSON ({@link
 * io.kappareplay.consumer.http.JsonRecords}) to the endpoint {@link
 * io.kappareplay.consumer.http.HttpHandlerConfig} names, and maps the answer to the job's outputs;
 * a status becomes an {@link io.kappareplay.consumer.http.HttpRetriableException} (with {@link
 * io.kappareplay.consumer.http.RetryAfter}) or an {@link
 * io.kappareplay.consumer.http.HttpPermanentException}, whose status the dead letter keeps.
 */
package io.kappareplay.consumer.http;

/**
 * The ingress publisher: a Spark application that cuts a warehouse table at a point in time, turns
 * every row into a record of the job's Avro contract and publishes it to {@code
 * kappa.<job>.ingress}, or rejects it with a reason. The contract side, which knows Spark's types
 * and Avro's but not Kafka, is {@link io.kappareplay.publisher.contract}.
 */
package io.kappareplay.publisher;

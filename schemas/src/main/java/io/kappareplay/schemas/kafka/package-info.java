/**
 * The Kafka Admin operations every stage shares: idempotent topic creation that returns only once
 * every partition answers, and the drain check. Only API that kafka-clients 3.9 (Spark's) and 4.x
 * both have is used here: this module compiles against 3.9.
 */
package io.kappareplay.schemas.kafka;

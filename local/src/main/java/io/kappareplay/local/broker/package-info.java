/** The Kafka broker as it runs inside its child JVM (KRaft, combined broker and controller). */
package io.kappareplay.local.broker;

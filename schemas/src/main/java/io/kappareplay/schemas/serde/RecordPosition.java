package io.kappareplay.schemas.serde;

/** How error messages name where a record is. */
final class RecordPosition {
    private RecordPosition() {}

    /**
     * {@code topic 'orders' partition 3 offset 42}, or {@code topic 'orders' (partition and offset
     * unknown)} when the record came through Kafka's {@code Deserializer} API, which does not pass
     * them.
     */
    static String describe(String topic, Integer partition, Long offset) {
        String text = "topic '" + topic + "'";
        if (partition == null && offset == null) {
            return text + " (partition and offset unknown)";
        }
        return text
                + " partition "
                + (partition == null ? "unknown" : partition)
                + " offset "
                + (offset == null ? "unknown" : offset);
    }
}

package io.kappareplay.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruCacheTest {
    @Test
    void dropsTheLeastRecentlyUsedBeyondCapacity() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");
        cache.put("c", 3);

        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isEqualTo(3);
    }

    @Test
    void removesKeysByCondition() {
        LruCache<String, Integer> cache = new LruCache<>(10);
        cache.put("orders-value", 1);
        cache.put("orders-key", 2);

        cache.removeKeysIf(key -> key.endsWith("-value"));

        assertThat(cache.get("orders-value")).isNull();
        assertThat(cache.get("orders-key")).isEqualTo(2);
    }

    @Test
    void zeroCapacityHoldsNothing() {
        LruCache<String, Integer> cache = new LruCache<>(0);
        cache.put("a", 1);

        assertThat(cache.get("a")).isNull();
    }
}

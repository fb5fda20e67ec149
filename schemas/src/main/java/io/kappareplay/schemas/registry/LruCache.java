package io.kappareplay.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A thread-safe map holding at most {@code capacity} entries, dropping the least recently used.
 * Schemas and ids seldom change, so a plain lock is cheap next to the HTTP call a miss costs.
 */
final class LruCache<K, V> {
    private final Map<K, V> entries;

    LruCache(int capacity) {
        this.entries =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                        return size() > capacity;
                    }
                };
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized void removeKeysIf(Predicate<? super K> condition) {
        entries.keySet().removeIf(condition);
    }
}

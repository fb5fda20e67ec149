package io.kappareplay.schemas.naming;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The order-independent checksum of a set of record keys that manifests carry: the sum, mod 2^64,
 * of the first 8 bytes of SHA-256 of each key's UTF-8 bytes read as a big-endian long.
 *
 * <p>A sum does not depend on order or on how keys were split across partitions or tasks, and Spark
 * and Hive compute the same figure with built-in functions, so a manifest can be checked against a
 * landed table. Not thread-safe: use one per thread and add the values.
 *
 * <pre>{@code
 * KeyChecksum checksum = new KeyChecksum();
 * for (String key : keys) {
 *     checksum.add(key);
 * }
 * long value = checksum.value();
 * }</pre>
 */
public final class KeyChecksum {

    private final MessageDigest sha256 = newSha256();
    private long value;

    /** Adds one key; adding a key twice counts it twice. */
    public KeyChecksum add(String key) {
        value += digest(sha256, key);
        return this;
    }

    /** The checksum of the keys added so far; 0 when none were. */
    public long value() {
        return value;
    }

    /** The checksum of one key. */
    public static long of(String key) {
        return digest(newSha256(), key);
    }

    private static long digest(MessageDigest sha256, String key) {
        requireNonNull(key, "key");
        // ByteBuffer reads big-endian by default; overflow on add is the mod 2^64.
        return ByteBuffer.wrap(sha256.digest(key.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's Javadoc).
            throw new IllegalStateException(e);
        }
    }
}

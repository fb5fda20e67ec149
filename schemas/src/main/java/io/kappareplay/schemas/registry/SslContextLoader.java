package io.kappareplay.schemas.registry;

import io.kappareplay.schemas.registry.RegistryClientConfig.StoreFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} for {@code https} registry URLs from the configured trust store
 * and, for mutual TLS, key store. Without either, the JDK's defaults apply.
 */
final class SslContextLoader {
    private SslContextLoader() {}

    static SSLContext load(RegistryClientConfig config) {
        if (config.truststore().isEmpty() && config.keystore().isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The JDK has no default TLS context", e);
            }
        }
        try {
            TrustManagerFactory trust = null;
            if (config.truststore().isPresent()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(
                        read(config.truststore().get(), RegistryClientConfig.TRUSTSTORE_LOCATION));
            }
            KeyManagerFactory keys = null;
            if (config.keystore().isPresent()) {
                StoreFile store = config.keystore().get();
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                KeyStore keyStore = read(store, RegistryClientConfig.KEYSTORE_LOCATION);
                try {
                    keys.init(keyStore, chars(config.keyPassword().or(store::password)));
                } catch (UnrecoverableKeyException e) {
                    throw new IllegalArgumentException(
                            "Cannot read the key in "
                                    + RegistryClientConfig.KEYSTORE_LOCATION
                                    + "="
                                    + store.location()
                                    + " with "
                                    + (config.keyPassword().isPresent()
                                            ? RegistryClientConfig.KEY_PASSWORD
                                            : RegistryClientConfig.KEYSTORE_PASSWORD
                                                    + " (set "
                                                    + RegistryClientConfig.KEY_PASSWORD
                                                    + " if the key has a password of its own)")
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(),
                    trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "Cannot build a TLS context from the registry key stores: " + e.getMessage(),
                    e);
        }
    }

    private static KeyStore read(StoreFile store, String locationKey)
            throws GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance(store.type().name());
        try (InputStream in = Files.newInputStream(store.location())) {
            keyStore.load(in, chars(store.password()));
        } catch (IOException e) {
            // KeyStore reports a wrong password as an IOException too.
            throw new IllegalArgumentException(
                    "Cannot read "
                            + locationKey
                            + "="
                            + store.location()
                            + " as "
                            + store.type()
                            + " (check its password and type): "
                            + e.getMessage(),
                    e);
        }
        return keyStore;
    }

    private static char[] chars(Optional<String> password) {
        return password.map(String::toCharArray).orElse(null);
    }
}

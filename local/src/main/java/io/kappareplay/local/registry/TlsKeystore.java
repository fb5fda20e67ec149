package io.kappareplay.local.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server side of HTTPS: a TLS context from a PKCS12 keystore. */
final class TlsKeystore {
    private TlsKeystore() {}

    /** A usage error names the flag when the keystore cannot be opened with the password. */
    static SSLContext sslContext(String flag, Path keystore, String password) {
        char[] secret = password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keyManagers =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException(
                    flag
                            + " "
                            + keystore
                            + ": cannot open it as a PKCS12 keystore with the given"
                            + " --tls-keystore-password ("
                            + e.getMessage()
                            + "); pass a PKCS12 keystore and its password",
                    e);
        }
    }
}

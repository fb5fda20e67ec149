package io.kappareplay.local.registry;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** HTTP Basic authentication against a fixed set of users, read from a properties file. */
final class BasicAuthentication {
    static final String REALM = "kappa-registry";

    private final Map<String, byte[]> passwords;

    BasicAuthentication(Map<String, String> users) {
        this.passwords = new HashMap<>();
        users.forEach(
                (user, password) -> passwords.put(user, password.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads {@code user=password} lines; a file that cannot be read or holds nobody is a usage
     * error.
     */
    static BasicAuthentication load(String flag, Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UsageException(
                    flag
                            + " "
                            + file
                            + ": cannot read it ("
                            + e
                            + "); pass a properties file of user=password lines",
                    e);
        }
        if (properties.isEmpty()) {
            throw new UsageException(
                    flag + " " + file + " has no users; add at least one user=password line");
        }
        Map<String, String> users = new HashMap<>();
        properties
                .stringPropertyNames()
                .forEach(user -> users.put(user, properties.getProperty(user)));
        return new BasicAuthentication(users);
    }

    /**
     * Checks an {@code Authorization} header.
     *
     * @throws RegistryException 401 with the reason when the credentials are missing or wrong
     */
    void check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw RegistryException.unauthorized(
                    "this registry needs HTTP Basic credentials (an Authorization: Basic header)");
        }
        String decoded;
        try {
            decoded =
                    new String(
                            Base64.getDecoder().decode(authorization.substring(6).trim()),
                            StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryException.unauthorized("the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw RegistryException.unauthorized("the Basic credentials have no user:password");
        }
        byte[] expected = passwords.get(decoded.substring(0, colon));
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        // Constant-time comparison; an unknown user is compared too, so timing tells nothing.
        boolean matches = MessageDigest.isEqual(expected == null ? new byte[0] : expected, given);
        if (expected == null || !matches) {
            throw RegistryException.unauthorized("wrong user name or password");
        }
    }
}

package io.kappareplay.local.registry;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * HTTP Basic authentication against a fixed set of users, read from a properties file. Only the
 * SHA-256 digests of the passwords are kept.
 */
final class BasicAuthentication {
    static final String REALM = "kappa-registry";

    // Compared against for a user name that is not known, so an unknown user costs the same
    // digest and comparison as a known one. A digest nobody can produce a password for; and an
    // unknown user is refused whatever the comparison says.
    private static final byte[] UNKNOWN_USER_DIGEST =
            sha256("no such user: " + BasicAuthentication.class.getName());

    private final Map<String, byte[]> passwordDigests;

    /**
     * @throws IllegalArgumentException when a user name or password is blank
     */
    BasicAuthentication(Map<String, String> users) {
        this.passwordDigests = new HashMap<>();
        users.forEach(
                (user, password) -> {
                    if (user.isBlank() || password.isBlank()) {
                        throw new IllegalArgumentException(
                                "user '" + user + "' has a blank name or password");
                    }
                    passwordDigests.put(user, sha256(password));
                });
    }

    /**
     * Reads {@code user=password} lines; a file that cannot be read, holds nobody, or gives a user
     * an empty password is a usage error.
     */
    static BasicAuthentication load(String flag, Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
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
        for (String user : new TreeSet<>(properties.stringPropertyNames())) {
            String password = properties.getProperty(user);
            if (user.isBlank()) {
                throw new UsageException(
                        flag
                                + " "
                                + file
                                + " has a line with an empty user name; give every line a"
                                + " user=password");
            }
            if (password.isBlank()) {
                // Else "user:" with no password would get in.
                throw new UsageException(
                        flag
                                + " "
                                + file
                                + ": user '"
                                + user
                                + "' has an empty password; give every user a password"
                                + " (user=password)");
            }
            users.put(user, password);
        }
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
        byte[] expected = passwordDigests.get(decoded.substring(0, colon));
        boolean known = expected != null;
        // Both sides are 32-byte digests, so MessageDigest.isEqual takes the same time wherever
        // they differ and whatever the password's length; an unknown user is compared against a
        // dummy digest, so it takes as long as a known one (up to the map lookup).
        boolean matches =
                MessageDigest.isEqual(
                        known ? expected : UNKNOWN_USER_DIGEST,
                        sha256(decoded.substring(colon + 1)));
        if (!known || !matches) {
            throw RegistryException.unauthorized("wrong user name or password");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256 (MessageDigest's javadoc).
            throw new IllegalStateException(e);
        }
    }
}

package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * The Confluent-compatible schema registry: {@code registry} in a spec. Properties reach the
 * registry client as they are, after {@code ${VAR}} references were replaced from the environment.
 *
 * <pre>{@code
 * registry:
 *   url: https://registry.example.com
 *   properties:
 *     basic.auth.credentials.source: USER_INFO
 *     basic.auth.user.info: replay:${REGISTRY_PASSWORD}
 * }</pre>
 *
 * @param url {@code registry.url}: http or https, a base URL without query or fragment; basic-auth
 *     credentials may be given as its user info ({@code https://user:password@host})
 * @param properties {@code registry.properties}, in spec order
 */
public record RegistrySpec(URI url, Map<String, String> properties) {

    public RegistrySpec {
        requireNonNull(url, "url");
        properties = KafkaSpec.copyProperties(properties);
        Violations violations = new Violations();
        SpecRules.registryUrl(violations, url);
        SpecRules.registryProperties(violations, properties);
        violations.throwIfAny();
    }

    /**
     * Shows the URL without its user info and names the properties without their values: both may
     * hold secrets.
     */
    @Override
    public String toString() {
        return "RegistrySpec[url="
                + SpecRules.withoutUserInfo(url.toString())
                + ", properties="
                + properties.keySet()
                + "]";
    }
}

package io.kappareplay.consumer.config;

import static io.kappareplay.consumer.config.ConsumerConfigValidationTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kappareplay.schemas.spec.KafkaSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka client properties under {@code kafka.}: spellings, precedence, refusals, secrets. */
class KafkaPassThroughTest {

    private static final Map<String, String> JOB_SPEC = Map.of("kappa.consumer.job-spec", "j.yaml");

    @Test
    void eachSourceSpellsAProperty() {
        ConsumerConfig config =
                ConsumerConfig.load(
                        Map.of(
                                "kappa.consumer.job-spec", "j.yaml",
                                "kafka.client.dns.lookup", "use_all_dns_ips"),
                        Map.of("KAPPA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                        List.of(
                                "--kafka.sasl.mechanism=PLAIN",
                                "--kafka.ssl.truststore.location",
                                "/etc/kafka/truststore.jks"));

        assertThat(config.kafkaProperties())
                .containsExactly(
                        Map.entry("client.dns.lookup", "use_all_dns_ips"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "PLAIN"),
                        Map.entry("ssl.truststore.location", "/etc/kafka/truststore.jks"));
    }

    @ParameterizedTest
    @CsvSource({
        "KAPPA_KAFKA_SECURITY_PROTOCOL, security.protocol",
        "KAPPA_KAFKA_SASL_JAAS_CONFIG, sasl.jaas.config",
        "KAPPA_KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, sasl.oauthbearer.token.endpoint.url",
        "KAPPA_KAFKA_MY__PLUGIN_SETTING, my_plugin.setting",
        "KAPPA_KAFKA_MY___PLUGIN_SETTING, my-plugin.setting",
        "KAPPA_KAFKA_linger_ms, linger.ms",
    })
    void anEnvironmentVariableNamesItsPropertyByUnderscores(String variable, String property) {
        assertThat(KafkaPassThrough.propertyOfEnvironmentVariable(variable)).contains(property);
        assertThat(KafkaPassThrough.environmentVariable(property))
                .isEqualTo(variable.toUpperCase(Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "KAPPA_KAFKA_",
                "KAPPA_KAFKA__LINGER_MS",
                "KAPPA_KAFKA_LINGER____MS",
                "KAPPA_KAFKA_LINGER_"
            })
    void anEnvironmentVariableThatSpellsNoPropertyIsAnError(String variable) {
        assertThat(failure(JOB_SPEC, Map.of(variable, "5"), List.of()).problems())
                .singleElement()
                .hasToString(
                        variable
                                + ": names no Kafka client property; after KAPPA_KAFKA_, spell the"
                                + " property in upper case with _ for '.', __ for '_' and ___ for"
                                + " '-', e.g. KAPPA_KAFKA_SECURITY_PROTOCOL for"
                                + " security.protocol");
    }

    @Test
    void laterSourcesWinForPropertiesToo() {
        ConsumerConfig config =
                ConsumerConfig.load(
                        Map.of("kappa.consumer.job-spec", "j.yaml", "kafka.linger.ms", "1"),
                        Map.of(
                                "KAPPA_KAFKA_LINGER_MS",
                                "2",
                                "KAPPA_KAFKA_COMPRESSION_TYPE",
                                "zstd"),
                        List.of("--kafka.linger.ms=3"));

        assertThat(config.kafkaProperties())
                .containsOnly(Map.entry("linger.ms", "3"), Map.entry("compression.type", "zstd"));
    }

    @Test
    void passedThroughPropertiesGoOverTheJobSpecs() {
        KafkaSpec spec =
                new KafkaSpec(
                        "broker-1:9093",
                        Map.of("security.protocol", "PLAINTEXT", "linger.ms", "5"));
        ConsumerConfig config =
                ConsumerConfig.load(
                        JOB_SPEC, Map.of("KAPPA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), List.of());

        Map<String, String> merged = config.kafkaClientProperties(spec);

        assertThat(merged)
                .containsOnly(
                        Map.entry("bootstrap.servers", "broker-1:9093"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("linger.ms", "5"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bootstrap.servers | set kafka.bootstrap-servers in the job spec instead",
                "group.id | the runtime joins the group kappa.<job-id>",
                "group.instance.id | set kappa.consumer.instance-id (--instance-id,",
                "enable.auto.commit | auto-commit could commit past unfinished records",
                "isolation.level | the runtime reads read_committed",
                "transactional.id | derives transactional ids from the job id",
                "enable.idempotence | a retried send never duplicates an output",
                "key.serializer | the runtime picks its own serializers",
                "value.deserializer | the runtime picks its own serializers",
                "acks | the runtime needs acks=all for its idempotent producer",
                "max.poll.records | derived from --max-in-flight",
                "client.id | the runtime names its clients after the job's group",
                "auto.offset.reset | must start at the earliest ingress offset",
                "group.protocol | built for the classic group protocol",
                "partition.assignment.strategy | the runtime uses the cooperative sticky assignor",
            })
    void propertiesTheRuntimeSetsAreRefusedWithTheReason(String property, String reason) {
        assertRefused(property, reason);
    }

    /** The list the runtime's clients are set from, so that a refusal cannot be forgotten. */
    @ParameterizedTest
    @EnumSource(RuntimeOwnedKafkaProperty.class)
    void everyPropertyTheRuntimeOwnsIsRefused(RuntimeOwnedKafkaProperty owned) {
        assertRefused(owned.property(), owned.reason());
    }

    @Test
    void lingerMsPassesThroughBecauseTheRuntimeOnlyDefaultsIt() {
        ConsumerConfig config =
                ConsumerConfig.load(JOB_SPEC, Map.of(), List.of("--kafka.linger.ms=20"));

        assertThat(config.kafkaProperties()).containsExactly(Map.entry("linger.ms", "20"));
    }

    private static void assertRefused(String property, String reason) {
        ConsumerConfigException thrown =
                failure(JOB_SPEC, Map.of(), List.of("--kafka." + property + "=x"));

        assertThat(thrown.problems())
                .singleElement()
                .satisfies(
                        problem -> {
                            assertThat(problem.name()).isEqualTo("kafka." + property);
                            assertThat(problem.origin()).contains("--kafka." + property);
                            assertThat(problem.problem()).isEqualTo("is set by the runtime");
                            assertThat(problem.expected())
                                    .startsWith("remove it: ")
                                    .contains(reason);
                        });
    }

    @Test
    void aTypoOfAClientPropertyIsAnErrorInTheSpellingOfItsSource() {
        ConsumerConfigException thrown =
                failure(
                        Map.of("kappa.consumer.job-spec", "j.yaml", "kafka.max.pol.records", "5"),
                        Map.of("KAPPA_KAFKA_SECURITY_PROTOCOLL", "SSL"),
                        List.of("--kafka.sasl.mechanisms=PLAIN"));

        assertThat(thrown.problems())
                .extracting(ConfigProblem::message)
                .containsExactly(
                        "kafka.max.pol.records (from properties): is not a Kafka client property;"
                                + " did you mean kafka.max.poll.records? A name this close to a"
                                + " client property is taken for a typo; set a plugin's own"
                                + " property in the job spec's kafka.properties",
                        "kafka.security.protocoll (from KAPPA_KAFKA_SECURITY_PROTOCOLL): is not a"
                                + " Kafka client property; did you mean"
                                + " KAPPA_KAFKA_SECURITY_PROTOCOL? A name this close to a client"
                                + " property is taken for a typo; set a plugin's own property in"
                                + " the job spec's kafka.properties",
                        "kafka.sasl.mechanisms (from --kafka.sasl.mechanisms): is not a Kafka"
                                + " client property; did you mean --kafka.sasl.mechanism? A name"
                                + " this close to a client property is taken for a typo; set a"
                                + " plugin's own property in the job spec's kafka.properties");
    }

    @Test
    void aPluginsOwnPropertyPassesThrough() {
        ConsumerConfig config =
                ConsumerConfig.load(
                        JOB_SPEC,
                        Map.of(),
                        List.of("--kafka.aws.iam.role.arn=arn:aws:iam::1:role/replay"));

        assertThat(config.kafkaProperties())
                .containsExactly(Map.entry("aws.iam.role.arn", "arn:aws:iam::1:role/replay"));
    }

    @Test
    void anEmptyValueIsAnError() {
        assertThat(
                        failure(JOB_SPEC, Map.of("KAPPA_KAFKA_SASL_MECHANISM", ""), List.of())
                                .problems())
                .singleElement()
                .hasToString(
                        "kafka.sasl.mechanism (from KAPPA_KAFKA_SASL_MECHANISM): is empty; give it"
                                + " a value, or leave the property out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--kafka.=x", "--kafka..acks=x", "--kafka.acks.=x"})
    void aFlagThatNamesNoPropertyIsAnError(String argument) {
        String flag = argument.substring(0, argument.indexOf('='));

        assertThat(failure(JOB_SPEC, Map.of(), List.of(argument)).problems())
                .singleElement()
                .hasToString(
                        flag
                                + ": names no Kafka client property; give the property's name"
                                + " after kafka., e.g. kafka.security.protocol");
    }

    @Test
    void toStringRedactsTheValuesOfSecrets() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(
                "KAPPA_KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"replay\" password=\"hunter2\";");
        environment.put("KAPPA_KAFKA_SSL_KEY_PASSWORD", "hunter2");
        environment.put("KAPPA_KAFKA_SSL_KEYSTORE_KEY", "-----BEGIN PRIVATE KEY----- hunter2");
        environment.put("KAPPA_KAFKA_SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET", "hunter2");
        environment.put("KAPPA_KAFKA_BASIC_AUTH_USER_INFO", "replay:hunter2");
        environment.put("KAPPA_KAFKA_SASL_OAUTHBEARER_ACCESS_TOKEN", "hunter2");
        environment.put("KAPPA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

        String shown = ConsumerConfig.load(JOB_SPEC, environment, List.of()).toString();

        assertThat(shown)
                .doesNotContain("hunter2")
                .contains("kafka.sasl.jaas.config=(redacted)")
                .contains("kafka.ssl.key.password=(redacted)")
                .contains("kafka.ssl.keystore.key=(redacted)")
                .contains("kafka.sasl.oauthbearer.client.credentials.client.secret=(redacted)")
                .contains("kafka.basic.auth.user.info=(redacted)")
                .contains("kafka.sasl.oauthbearer.access.token=(redacted)")
                .contains("kafka.security.protocol=SASL_SSL");
    }

    @Test
    void problemsNeverShowTheValueOfAProperty() {
        ConsumerConfigException thrown =
                failure(
                        Map.of(),
                        Map.of(),
                        List.of(
                                "--kafka.ssl.key.password",
                                "hunter2",
                                "and-the-rest-of-it",
                                "--kafka.sasl.jaas.confg=hunter2",
                                "--kafka.transactional.id=hunter2"));

        assertThat(thrown).message().doesNotContain("hunter2").doesNotContain("the-rest-of-it");
        assertThat(thrown.problems())
                .extracting(ConfigProblem::name, ConfigProblem::value)
                .containsExactly(
                        tuple("argument 3", Optional.empty()),
                        tuple("kafka.sasl.jaas.confg", Optional.empty()),
                        tuple("kafka.transactional.id", Optional.empty()),
                        tuple("kappa.consumer.job-spec", Optional.empty()));
    }
}

package dev.edgesync.core.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoreConfigValidatorTest {

    private static CoreConfig config(Map<String, String> props) {
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .withMapping(CoreConfig.class)
                // Quarkus's "2s"/"500ms" duration syntax, as the application sees it.
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build();
        return c.getConfigMapping(CoreConfig.class);
    }

    /** Outside the production profile, as in dev and test: an unset core.api.auth is allowed there. */
    private static java.util.List<String> problems(CoreConfig c) {
        return CoreConfigValidator.problems(c, false);
    }

    @Test
    void theProductionProfileNeedsCoreApiAuthAndKeysAreCheckedNamingEachKey() {
        assertThat(CoreConfigValidator.problems(config(Map.of()), true))
                .singleElement().asString().startsWith("core.api.auth is not set");
        assertThat(CoreConfigValidator.problems(config(Map.of("core.api.auth", "none")), true)).isEmpty();
        assertThat(CoreConfigValidator.problems(config(Map.of("core.api.auth", "api-key")), true))
                .singleElement().asString().startsWith("core.api.auth=api-key but no key is configured");
        String hash = dev.edgesync.access.ApiKeyHash.of("k".repeat(40));
        assertThat(CoreConfigValidator.problems(config(Map.of("core.api.auth", "api-key",
                "core.api.keys.ops.hash", hash, "core.api.keys.ops.scopes", "read,onboard,downlink")), true)).isEmpty();
        assertThat(problems(config(Map.of("core.api.auth", "keys", "core.api.keys.ops.hash", "k".repeat(40),
                "core.api.keys.ci.hash", hash, "core.api.keys.ci.scopes", "read,admin"))))
                .containsExactlyInAnyOrder("core.api.auth=keys is not known: use api-key or none",
                        "core.api.keys.ci.scopes: 'admin' is not a scope; use read, onboard or downlink",
                        "core.api.keys.ops.hash is not of the form sha256:<64 lower-case hex digits>; configure the key's"
                                + " hash, never the key itself")
                .noneMatch(p -> p.contains("k".repeat(40)));
    }

    @Test
    void apiKeysCanComeFromEnvironmentVariablesAlone() {
        // As compose and the Kubernetes Deployment pass them: CORE_API_KEYS_<NAME>_HASH, no properties file entry.
        String hash = dev.edgesync.access.ApiKeyHash.of("k".repeat(40));
        SmallRyeConfig env = new SmallRyeConfigBuilder().withMapping(CoreConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new io.smallrye.config.EnvConfigSource(Map.of("CORE_API_AUTH", "api-key",
                        "CORE_API_KEYS_OPS_HASH", hash, "CORE_API_KEYS_OPS_SCOPES", "read,onboard"), 300))
                .build();
        CoreConfig c = env.getConfigMapping(CoreConfig.class);
        assertThat(c.api().keys()).containsOnlyKeys("ops");
        assertThat(c.api().keys().get("ops").hash()).isEqualTo(hash);
        assertThat(c.api().keys().get("ops").scopes()).containsExactly("read", "onboard");
        assertThat(CoreConfigValidator.problems(c, true)).isEmpty();
    }

    @Test
    void onboardingLimitsHaveSaneDefaultsAndAreChecked() {
        CoreConfig c = config(Map.of());
        assertThat(c.onboarding().maxStreamsPerSite()).isEqualTo(32);
        assertThat(c.onboarding().maxPartitionsPerStream()).isEqualTo(64);
        assertThat(c.onboarding().maxSites()).isEqualTo(10_000);
        assertThat(problems(config(Map.of("core.onboarding.max-streams-per-site", "0", "core.onboarding.max-sites", "0",
                "core.onboarding.max-partitions-per-stream", "2"))))
                .containsExactlyInAnyOrder("core.onboarding.max-streams-per-site=0 must be at least 1",
                        "core.onboarding.max-sites=0 must be at least 1",
                        "core.onboarding.default-partitions=3 is above core.onboarding.max-partitions-per-stream=2");
    }

    @Test
    void defaultsAreValidAndRunTheEmbeddedCentre() {
        CoreConfig c = config(Map.of());
        assertThat(problems(c)).isEmpty();
        assertThat(c.kafka().bootstrapServers()).isEmpty();
        assertThat(c.embedded().port()).isEqualTo(9092);
        assertThat(c.embedded().host()).isEqualTo("127.0.0.1");
        assertThat(c.embedded().dataDir()).isEqualTo(Path.of("./data/core"));
        assertThat(c.groupId()).isEqualTo("core-ingest");
        assertThat(c.analytics().partitions()).isEqualTo(3);
        assertThat(c.relay().metadataMaxAge().toMillis()).isEqualTo(2000);
    }

    @Test
    void siteRegistrationAndTheSitesProduceQuotaAreChecked() {
        CoreConfig defaults = config(Map.of());
        assertThat(defaults.relay().siteRegistration()).isEqualTo("first-record");
        assertThat(defaults.onboarding().producerByteRate()).isEqualTo(10L * 1024 * 1024);
        assertThat(problems(config(Map.of("core.relay.site-registration", "onboarding",
                "core.onboarding.producer-byte-rate", "1024")))).isEmpty();
        CoreConfig bad = config(Map.of("core.relay.site-registration", "headers", "core.onboarding.producer-byte-rate", "100"));
        assertThat(problems(bad)).extracting(p -> p.split("=", 2)[0])
                .containsExactlyInAnyOrder("core.relay.site-registration", "core.onboarding.producer-byte-rate");
        assertThat(problems(config(Map.of("core.onboarding.producer-byte-rate", "99999999999999"))))
                .singleElement().asString().contains("core.onboarding.producer-byte-rate");
        assertThat(problems(config(Map.of("core.embedded.config.\"auto.create.topics.enable\"", "true"))))
                .singleElement().asString().startsWith("core.embedded.config.\"auto.create.topics.enable\"");
    }

    @Test
    void passesClientSettingsThrough() {
        CoreConfig c = config(Map.of("core.kafka.bootstrap-servers", "k1:9093,k2:9093",
                "core.kafka.client.\"security.protocol\"", "SASL_SSL",
                "core.kafka.client.\"sasl.mechanism\"", "SCRAM-SHA-512"));
        assertThat(c.kafka().client()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(problems(c)).isEmpty();
    }

    @Test
    void onboardingCredentialKeysAreCheckedAndKeepSecretsOutOfTheEdgeSettings() {
        CoreConfig ok = config(Map.of("core.onboarding.credentials", "scram-sha-512",
                "core.onboarding.edge-kafka.\"ssl.truststore.location\"", "/etc/edge-node/centre-ca.crt"));
        assertThat(problems(ok)).isEmpty();
        assertThat(ok.onboarding().userPrefix()).isEqualTo("site-");
        String jaas = "core.onboarding.edge-kafka.\"sasl.jaas.config\"";
        String keystorePassword = "core.onboarding.edge-kafka.\"ssl.keystore.password\"";
        CoreConfig bad = config(Map.of("core.onboarding.credentials", "plain", "core.onboarding.user-prefix", "a b",
                jaas, "x", keystorePassword, "y"));
        assertThat(problems(bad)).extracting(p -> p.split("[= ]", 2)[0]).containsExactlyInAnyOrder(
                "core.onboarding.credentials", "core.onboarding.user-prefix", jaas, keystorePassword);
    }

    @Test
    void reportsEveryProblemNamingItsKey() {
        CoreConfig c = config(Map.of(
                "core.embedded.port", "70000",
                "core.embedded.advertised-port", "0",
                "core.group-id", " ",
                "core.analytics.partitions", "0",
                "core.analytics.replication-factor", "0",
                "core.relay.max-poll-records", "0",
                "core.relay.poll-timeout", "0s",
                "core.relay.session-timeout", "500ms"));
        assertThat(problems(c)).hasSize(8)
                .anyMatch(p -> p.startsWith("core.embedded.port=70000"))
                .anyMatch(p -> p.startsWith("core.embedded.advertised-port=0"))
                .anyMatch(p -> p.startsWith("core.group-id"))
                .anyMatch(p -> p.startsWith("core.analytics.partitions=0"))
                .anyMatch(p -> p.startsWith("core.analytics.replication-factor=0"))
                .anyMatch(p -> p.startsWith("core.relay.max-poll-records=0"))
                .anyMatch(p -> p.startsWith("core.relay.poll-timeout"))
                .anyMatch(p -> p.startsWith("core.relay.session-timeout=PT0.5S"));
        assertThatThrownBy(() -> CoreConfigValidator.validate(c)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("core.embedded.port=70000");
    }

    @Test
    void embeddedSettingsAreNotCheckedAgainstAnExternalCluster() {
        CoreConfig c = config(Map.of("core.kafka.bootstrap-servers", "k1:9093", "core.embedded.port", "70000"));
        assertThat(problems(c)).isEmpty();
    }

    @Test
    void refusesBootstrapInThePassthroughAndABlankCluster() {
        CoreConfig c = config(Map.of("core.kafka.bootstrap-servers", " ",
                "core.kafka.client.\"bootstrap.servers\"", "x:1"));
        assertThat(problems(c)).hasSize(2)
                .anyMatch(p -> p.startsWith("core.kafka.bootstrap-servers is blank"))
                .anyMatch(p -> p.contains("core.kafka.client.\"bootstrap.servers\""));
    }

    @Test
    void streamRoutingDefaultsToHeadersAndAnUnknownValueNamesItsKey() {
        CoreConfig ok = config(Map.of("core.streams.sales.routing", "per-region", "core.streams.stock.routing", "headers"));
        assertThat(problems(ok)).isEmpty();
        assertThat(ok.streams().get("sales").routing()).isEqualTo("per-region");

        CoreConfig bad = config(Map.of("core.streams.sales.routing", "by-region", "core.streams.Bad_Name.routing", "headers"));
        assertThat(problems(bad)).hasSize(2)
                .anyMatch(p -> p.startsWith("core.streams.sales.routing=by-region is unknown"))
                .anyMatch(p -> p.startsWith("core.streams.Bad_Name is not a valid stream name"));
        assertThatThrownBy(() -> CoreConfigValidator.validate(bad)).hasMessageContaining("core.streams.sales.routing");
    }

    @Test
    void theRelaysTransactionalIdIsDistinctPerInstance() {
        assertThat(InstanceId.relayTransactionalId(config(Map.of("core.instance-id", "core-2")))).isEqualTo("core-ingest-relay-core-2");
        assertThat(InstanceId.relayTransactionalId(config(Map.of("core.instance-id", "core-2", "core.relay.transactional-id", "legacy"))))
                .isEqualTo("legacy");
        assertThat(InstanceId.relayTransactionalId(config(Map.of()))).startsWith("core-ingest-relay-").hasSizeGreaterThan(18);
        assertThat(problems(config(Map.of("core.instance-id", "a b", "core.relay.transactional-id", " "))))
                .hasSize(2)
                .anyMatch(p -> p.startsWith("core.instance-id='a b'"))
                .anyMatch(p -> p.startsWith("core.relay.transactional-id is blank"));
    }
}

package dev.edgesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.core.config.InstanceId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a crashed core-ingest instance needs to be replaced fast: a StatefulSet (a restarted pod keeps its name, so
 * its instance id and relay transactional id), and brokers that accept the relay's short session timeout.
 */
class CentreRecoveryManifestsTest {

    @Test
    void coreIngestIsAStatefulSetWhosePodNameIsItsInstanceId() {
        assertThat(Manifests.ofKind("Deployment")).noneSatisfy(d ->
                assertThat(d.path("metadata").path("name").asText()).isEqualTo("core-ingest"));
        JsonNode set = Manifests.one("StatefulSet", "core-ingest");
        JsonNode spec = set.path("spec");
        assertThat(spec.path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(spec.path("podManagementPolicy").asText()).as("instances need no start order").isEqualTo("Parallel");
        assertThat(spec.path("updateStrategy").path("type").asText()).isEqualTo("RollingUpdate");
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        assertSelects(spec.path("selector").path("matchLabels"), labels);

        // The governing Service: headless, exists, selects these pods.
        String governing = spec.path("serviceName").asText();
        assertThat(governing).isNotBlank().isNotEqualTo("core-ingest");
        JsonNode headless = Manifests.one("Service", governing);
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertSelects(headless.path("spec").path("selector"), labels);
        // The REST API keeps its load-balanced Service.
        JsonNode api = Manifests.one("Service", "core-ingest");
        assertThat(api.path("spec").path("clusterIP").asText()).isNotEqualTo("None");
        assertSelects(api.path("spec").path("selector"), labels);

        // core.instance-id (env CORE_INSTANCE_ID) is the pod name: stable across restarts, a valid id, and the relay's
        // transactional id is derived from it (nothing pins the transactional id instead).
        JsonNode container = spec.path("template").path("spec").path("containers").get(0);
        JsonNode instance = env(container, "CORE_INSTANCE_ID");
        assertThat(instance.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(container.path("env")).noneSatisfy(e ->
                assertThat(e.path("name").asText()).isIn("CORE_RELAY_TRANSACTIONAL_ID", "POD_NAME"));
        for (int ordinal = 0; ordinal < spec.path("replicas").asInt(); ordinal++) {
            assertThat(InstanceId.isValid(set.path("metadata").path("name").asText() + "-" + ordinal)).isTrue();
        }

        // A pod that hangs is restarted, one that is not ready gets no API traffic, a slow start is not killed.
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("path").asText()).as(probe).startsWith("/q/health/");
        }
        assertThat(Manifests.one("PodDisruptionBudget", "core-ingest").path("spec").path("minAvailable").asInt())
                .isBetween(1, spec.path("replicas").asInt() - 1);
    }

    @Test
    void coreIngestMayFenceAnotherInstancesTransactionalIdAndSeeItsGroup() {
        // Taking over a crashed instance's partitions, the relay aborts that instance's open transaction with
        // initTransactions on its id (Write), found by listing transactions (Describe) and the group's members.
        JsonNode acls = Manifests.one("KafkaUser", "core-ingest").path("spec").path("authorization").path("acls");
        boolean covered = false;
        for (JsonNode a : acls) {
            JsonNode r = a.path("resource");
            if ("transactionalId".equals(r.path("type").asText()) && "prefix".equals(r.path("patternType").asText())
                    && InstanceId.RELAY_TX_PREFIX.startsWith(r.path("name").asText())) {
                covered = KubernetesManifestsTest.texts(a.path("operations")).containsAll(List.of("Write", "Describe"));
            }
        }
        assertThat(covered).as("Write and Describe on every transactional id " + InstanceId.RELAY_TX_PREFIX + "*").isTrue();
    }

    @Test
    void brokersAcceptTheRelaysSessionTimeout() throws IOException {
        Duration session = relaySessionTimeout();
        JsonNode config = Manifests.one("Kafka", "centre").path("spec").path("kafka").path("config");
        assertThat(config.path("group.min.session.timeout.ms").asLong()).as("Strimzi group.min.session.timeout.ms")
                .isPositive().isLessThanOrEqualTo(session.toMillis());
        JsonNode env = Manifests.yaml(Manifests.deploy().resolve("compose/compose.yaml")).get(0)
                .path("services").path("kafka").path("environment");
        assertThat(env.path("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS").asLong()).as("compose KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS")
                .isPositive().isLessThanOrEqualTo(session.toMillis());
        assertThat(session).as("core.relay.session-timeout").isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void composeGivesCoreIngestAStableInstanceId() {
        JsonNode env = Manifests.yaml(Manifests.deploy().resolve("compose/compose.yaml")).get(0)
                .path("services").path("core-ingest").path("environment");
        assertThat(InstanceId.isValid(env.path("CORE_INSTANCE_ID").asText())).as("CORE_INSTANCE_ID").isTrue();
        assertThat(env.has("CORE_RELAY_TRANSACTIONAL_ID")).as("derived from the instance id").isFalse();
    }

    /** core.relay.session-timeout as deployed: the ConfigMap's value, else core-ingest's default. */
    private static Duration relaySessionTimeout() throws IOException {
        Properties mounted = new Properties();
        mounted.load(new StringReader(Manifests.one("ConfigMap", "core-ingest-config").path("data")
                .path("application.properties").asText()));
        String configured = mounted.getProperty("core.relay.session-timeout");
        if (configured == null) {
            Matcher def = Pattern.compile("@WithDefault\\(\"(\\d+)s\"\\)\\s+Duration sessionTimeout\\(\\)").matcher(
                    Files.readString(Manifests.repo().resolve("core-ingest/src/main/java/dev/edgesync/core/config/CoreConfig.java")));
            assertThat(def.find()).as("core.relay.session-timeout has a default in seconds").isTrue();
            configured = def.group(1) + "s";
        }
        assertThat(configured).matches("\\d+s");
        return Duration.ofSeconds(Long.parseLong(configured.substring(0, configured.length() - 1)));
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static void assertSelects(JsonNode selector, JsonNode labels) {
        assertThat(selector.size()).isPositive();
        selector.fields().forEachRemaining(e ->
                assertThat(labels.path(e.getKey()).asText()).as("label " + e.getKey()).isEqualTo(e.getValue().asText()));
    }
}

package dev.edgesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.core.heartbeat.HeartbeatListener;
import dev.edgesync.protocol.SiteAccess;
import dev.edgesync.protocol.downlink.ControlTopics;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The centre on Kubernetes: Strimzi Kafka, topics, users and core-ingest, checked against core-ingest's config. */
class KubernetesManifestsTest {

    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    @Test
    void everyManifestParsesAndNamesItsKindAndName() {
        List<Path> files = Manifests.files(".yaml", ".yml", ".json");
        assertThat(files).extracting(p -> Manifests.deploy().relativize(p).toString())
                .contains("kubernetes/kafka.yaml", "kubernetes/topics.yaml", "kubernetes/core-ingest.yaml",
                        "kubernetes/site-user-template.yaml", "compose/compose.yaml", "grafana/edgesync-dashboard.json");
        for (Path f : files) {
            if (f.toString().endsWith(".json")) {
                assertThat(Manifests.json(f).isObject()).as(f.toString()).isTrue();
            } else {
                assertThat(Manifests.yaml(f)).as(f.toString()).isNotEmpty();
            }
        }
        for (JsonNode n : Manifests.kubernetes()) {
            String what = n.path("kind").asText() + " " + n.path("metadata").path("name").asText();
            assertThat(n.path("apiVersion").asText()).as(what + " apiVersion").isNotBlank();
            assertThat(n.path("kind").asText()).as(what + " kind").isNotBlank();
            assertThat(n.path("metadata").path("name").asText()).as(what + " name").matches(DNS_1123);
            if (!"Namespace".equals(n.path("kind").asText())) {
                assertThat(n.path("metadata").path("namespace").asText()).as(what + " namespace").isEqualTo("edgesync");
            }
        }
    }

    @Test
    void kafkaIsKraftWithThreeDualRoleNodesAndRf3MinIsr2() {
        JsonNode kafka = Manifests.one("Kafka", "centre");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/node-pools").asText()).isEqualTo("enabled");
        assertThat(kafka.path("spec").has("zookeeper")).isFalse();

        List<JsonNode> pools = Manifests.ofKind("KafkaNodePool");
        assertThat(pools).isNotEmpty().allSatisfy(p ->
                assertThat(p.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("centre"));
        int brokers = 0;
        boolean controllers = false;
        for (JsonNode p : pools) {
            Set<String> roles = texts(p.path("spec").path("roles"));
            if (roles.contains("broker")) {
                brokers += p.path("spec").path("replicas").asInt();
            }
            controllers |= roles.contains("controller") && p.path("spec").path("replicas").asInt() >= 3;
        }
        assertThat(brokers).as("brokers").isEqualTo(3);
        assertThat(controllers).as("a quorum of at least 3 controllers").isTrue();

        JsonNode config = kafka.path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("transaction.state.log.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("transaction.state.log.min.isr").asInt()).isEqualTo(2);
        // No topic made by a produce or a metadata request: topics come from onboarding only (producers always ask).
        assertThat(config.path("auto.create.topics.enable").asText()).isEqualTo("false");
        // Edges authenticate with one SCRAM principal per site; ACLs need an authorizer.
        assertThat(kafka.path("spec").path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
        assertThat(kafka.path("spec").path("kafka").path("listeners")).allSatisfy(l ->
                assertThat(l.path("authentication").path("type").asText()).isEqualTo("scram-sha-512"));
    }

    @Test
    void internalTopicsExistReplicatedThreeTimesWithMinIsrTwo() {
        List<JsonNode> topics = Manifests.ofKind("KafkaTopic");
        Set<String> names = new TreeSet<>();
        for (JsonNode t : topics) {
            String name = t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText());
            names.add(name);
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(name).isEqualTo("centre");
            assertThat(t.path("spec").path("replicas").asInt()).as(name + " replicas").isEqualTo(3);
            assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt()).as(name + " min ISR").isEqualTo(2);
        }
        assertThat(names).contains("_core.sites", "core.dlq").anyMatch(n -> n.startsWith("analytics."));
        JsonNode sites = topics.stream().filter(t -> "_core.sites".equals(t.path("spec").path("topicName").asText()))
                .findFirst().orElseThrow();
        assertThat(sites.path("spec").path("config").path("cleanup.policy").asText()).isEqualTo("compact");
    }

    @Test
    void siteUserMayWriteOnlyUnderItsOwnPrefixes() {
        JsonNode user = Manifests.ofKind("KafkaUser").stream()
                .filter(u -> u.path("metadata").path("labels").has("edgesync.dev/site")).findFirst().orElseThrow();
        String site = user.path("metadata").path("labels").path("edgesync.dev/site").asText();
        assertThat(user.path("metadata").path("name").asText()).isEqualTo("site-" + site);
        assertThat(user.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        JsonNode acls = user.path("spec").path("authorization").path("acls");
        assertThat(acl(acls, "topic", "landing." + site + ".", "prefix")).contains("Write", "Read", "Describe");
        assertThat(acl(acls, "transactionalId", "edge-" + site + "-", "prefix")).contains("Write");
        String region = user.path("metadata").path("labels").path("edgesync.dev/region").asText();
        String cloud = user.path("metadata").path("labels").path("edgesync.dev/cloud").asText();
        // The downlink: only topics that can address this site, by literal name; never a prefix over control topics.
        for (String topic : ControlTopics.readableBy(site, region, cloud)) {
            assertThat(acl(acls, "topic", topic, "literal")).as(topic).containsExactlyInAnyOrder("Read", "Describe");
        }
        for (JsonNode a : acls) {
            if (a.path("resource").path("name").asText().startsWith("control.")) {
                assertThat(a.path("resource").path("patternType").asText()).as("control ACLs are literal").isEqualTo("literal");
            }
        }
        for (JsonNode a : acls) {
            String name = a.path("resource").path("name").asText();
            assertThat(name).as("no wildcard resource").isNotEqualTo("*");
            if (texts(a.path("operations")).stream().anyMatch(o -> o.equals("Write") || o.equals("All"))) {
                assertThat(name).as("writes only under the site's prefixes")
                        .satisfiesAnyOf(n -> assertThat(n).startsWith("landing." + site + "."),
                                n -> assertThat(n).startsWith("edge-" + site + "-"));
            }
        }
        // Exactly what core-ingest onboarding grants when it manages credentials: one definition, two ways to apply it.
        Set<String> template = new TreeSet<>();
        acls.forEach(a -> texts(a.path("operations")).forEach(op -> template.add(a.path("resource").path("type").asText()
                + " " + a.path("resource").path("patternType").asText() + " " + a.path("resource").path("name").asText()
                + " " + op.toUpperCase(Locale.ROOT))));
        Set<String> onboarding = new TreeSet<>();
        SiteAccess.bindings(site, region, cloud, "User:site-" + site).forEach(b -> onboarding.add(
                (b.pattern().resourceType() == ResourceType.TOPIC ? "topic" : "transactionalId") + " "
                        + (b.pattern().patternType() == PatternType.PREFIXED ? "prefix" : "literal") + " "
                        + b.pattern().name() + " " + b.entry().operation()));
        assertThat(template).isEqualTo(onboarding);
    }

    @Test
    void siteUserHasTheProduceQuotaOnboardingWouldSetAndCoreIngestRoutesOnboardedSitesOnly() throws IOException {
        JsonNode user = Manifests.ofKind("KafkaUser").stream()
                .filter(u -> u.path("metadata").path("labels").has("edgesync.dev/site")).findFirst().orElseThrow();
        Matcher def = Pattern.compile("@WithDefault\\(\"(\\d+)\"\\)\\s+long producerByteRate\\(\\)").matcher(Files.readString(
                Manifests.repo().resolve("core-ingest/src/main/java/dev/edgesync/core/config/CoreConfig.java")));
        assertThat(def.find()).as("core.onboarding.producer-byte-rate has a default").isTrue();
        assertThat(user.path("spec").path("quotas").path("producerByteRate").asLong())
                .as("the template's quota = core-ingest's default").isEqualTo(Long.parseLong(def.group(1)));

        JsonNode config = Manifests.one("ConfigMap", "core-ingest-config");
        Properties p = new Properties();
        p.load(new java.io.StringReader(config.path("data").path("application.properties").asText()));
        assertThat(p.getProperty("core.relay.site-registration")).as("a secured centre registers sites by onboarding only")
                .isEqualTo("onboarding");
    }

    @Test
    void coreIngestStatefulSetMatchesItsConfiguration() throws IOException {
        Properties app = coreIngestProperties();
        int httpPort = Integer.parseInt(app.getProperty("quarkus.http.port"));
        JsonNode statefulSet = Manifests.one("StatefulSet", "core-ingest");
        JsonNode pod = statefulSet.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);

        assertThat(statefulSet.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(container.path("image").asText()).startsWith("edgesync/core-ingest:");
        JsonNode port = container.path("ports").get(0);
        assertThat(port.path("containerPort").asInt()).as("containerPort = core-ingest quarkus.http.port").isEqualTo(httpPort);
        assertThat(port.path("name").asText()).isEqualTo("http");
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText()).isEqualTo(String.valueOf(httpPort));

        // Probes: paths served by quarkus-smallrye-health (a dependency of core-ingest), on the http port.
        assertThat(Files.readString(Manifests.repo().resolve("core-ingest/pom.xml"))).contains("quarkus-smallrye-health");
        assertThat(probe(container, "livenessProbe")).isEqualTo("/q/health/live");
        assertThat(probe(container, "readinessProbe")).isEqualTo("/q/health/ready");
        assertThat(probe(container, "startupProbe")).isEqualTo("/q/health/started");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode p = container.path(probe).path("httpGet").path("port");
            assertThat(p.isInt() ? p.asInt() == httpPort : "http".equals(p.asText())).as(probe + " port").isTrue();
        }
        JsonNode resources = container.path("resources");
        assertThat(resources.path("requests").has("cpu")).isTrue();
        assertThat(resources.path("requests").has("memory")).isTrue();
        assertThat(resources.path("limits").has("memory")).isTrue();

        // Each instance its own transactional id, from its instance id (see coreIngestIsAStatefulSetWhosePodNameIsItsInstanceId).
        assertThat(container.path("env")).noneSatisfy(e ->
                assertThat(e.path("name").asText()).isEqualTo("CORE_RELAY_TRANSACTIONAL_ID"));

        // The Service and the PodDisruptionBudget select these pods; the Service reaches the http port.
        JsonNode labels = pod.path("metadata").path("labels");
        JsonNode service = Manifests.one("Service", "core-ingest");
        assertSelects(service.path("spec").path("selector"), labels);
        JsonNode sp = service.path("spec").path("ports").get(0);
        assertThat(sp.path("targetPort").asText()).isIn("http", String.valueOf(httpPort));
        JsonNode pdb = Manifests.one("PodDisruptionBudget", "core-ingest");
        assertSelects(pdb.path("spec").path("selector").path("matchLabels"), labels);
        assertThat(pdb.path("spec").path("minAvailable").asInt()).isBetween(1, statefulSet.path("spec").path("replicas").asInt() - 1);

        // The config points at the Strimzi bootstrap service of the Kafka above, on its TLS listener.
        Properties mounted = new Properties();
        mounted.load(new java.io.StringReader(Manifests.one("ConfigMap", "core-ingest-config").path("data")
                .path("application.properties").asText()));
        int tlsPort = 0;
        for (JsonNode l : Manifests.one("Kafka", "centre").path("spec").path("kafka").path("listeners")) {
            if ("internal".equals(l.path("type").asText())) {
                tlsPort = l.path("port").asInt();
            }
        }
        assertThat(mounted.getProperty("core.kafka.bootstrap-servers")).isEqualTo("centre-kafka-bootstrap:" + tlsPort);
        assertThat(container.path("volumeMounts")).anySatisfy(m ->
                assertThat(m.path("mountPath").asText()).isEqualTo("/deployments/config"));
    }

    @Test
    void everyConsumerGroupAndTopicCoreIngestUsesIsCoveredByItsKafkaUser() throws IOException {
        JsonNode acls = Manifests.one("KafkaUser", "core-ingest").path("spec").path("authorization").path("acls");
        Properties mounted = new Properties();
        mounted.load(new java.io.StringReader(Manifests.one("ConfigMap", "core-ingest-config").path("data")
                .path("application.properties").asText()));
        // Every group core-ingest joins: the relay's (core.group-id) and each instance's heartbeat listener's.
        List<String> groups = List.of(mounted.getProperty("core.group-id", CoreConfig.DEFAULT_GROUP_ID),
                HeartbeatListener.GROUP_PREFIX + UUID.randomUUID());
        for (String g : groups) {
            assertThat(allowed(acls, "group", g)).as("group " + g).contains("Read");
        }
        for (String t : List.of(CoreTopics.AUDIT, CoreTopics.SITES, CoreTopics.DLQ)) {
            assertThat(allowed(acls, "topic", t)).as("topic " + t).contains("Write", "Create");
        }
        JsonNode audit = Manifests.ofKind("KafkaTopic").stream()
                .filter(t -> CoreTopics.AUDIT.equals(t.path("spec").path("topicName").asText())).findFirst().orElseThrow();
        assertThat(audit.path("spec").path("config").path("retention.ms").asLong()).as("kept at least a year")
                .isGreaterThanOrEqualTo(Duration.ofDays(365).toMillis());
    }

    @Test
    void coreIngestsApiNeedsKeysWhoseHashesComeFromASecret() throws IOException {
        Properties mounted = new Properties();
        mounted.load(new java.io.StringReader(Manifests.one("ConfigMap", "core-ingest-config").path("data")
                .path("application.properties").asText()));
        assertThat(mounted.getProperty("core.api.auth")).isEqualTo("api-key");
        JsonNode container = Manifests.one("StatefulSet", "core-ingest").path("spec").path("template").path("spec")
                .path("containers").get(0);
        JsonNode secret = Manifests.one("Secret", "core-ingest-api-keys");
        List<String> hashes = mounted.stringPropertyNames().stream().filter(k -> k.matches("core\\.api\\.keys\\.[^.]+\\.hash")).toList();
        assertThat(hashes).isNotEmpty();
        for (String k : hashes) {
            String ref = mounted.getProperty(k);
            assertThat(ref).as(k + " comes from the environment, never the ConfigMap").matches("\\$\\{[A-Z_]+}");
            String var = ref.substring(2, ref.length() - 1);
            JsonNode from = null;
            for (JsonNode e : container.path("env")) {
                if (var.equals(e.path("name").asText())) {
                    from = e.path("valueFrom").path("secretKeyRef");
                }
            }
            assertThat(from).as("env " + var).isNotNull();
            assertThat(from.path("name").asText()).isEqualTo("core-ingest-api-keys");
            assertThat(secret.path("stringData").has(from.path("key").asText())).as("secret key " + from.path("key")).isTrue();
            assertThat(mounted.getProperty(k.replace(".hash", ".scopes"))).as(k).isNotBlank();
        }
    }

    /** Operations the ACLs allow on one resource, through a literal or a prefixed pattern. */
    private static Set<String> allowed(JsonNode acls, String type, String name) {
        Set<String> ops = new TreeSet<>();
        for (JsonNode a : acls) {
            JsonNode r = a.path("resource");
            String pattern = r.path("name").asText();
            boolean covers = "prefix".equals(r.path("patternType").asText()) ? name.startsWith(pattern) : name.equals(pattern);
            if (type.equals(r.path("type").asText()) && covers) {
                ops.addAll(texts(a.path("operations")));
            }
        }
        return ops;
    }

    @Test
    void kustomizationListsEveryManifestButTheSiteTemplate() throws IOException {
        Path dir = Manifests.deploy().resolve("kubernetes");
        JsonNode k = Manifests.yaml(dir.resolve("kustomization.yaml")).get(0);
        Set<String> listed = texts(k.path("resources"));
        Set<String> present = new TreeSet<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(present::add);
        }
        present.remove("kustomization.yaml");
        present.remove("site-user-template.yaml");
        assertThat(listed).isEqualTo(present);
    }

    static Properties coreIngestProperties() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Manifests.repo().resolve("core-ingest/src/main/resources/application.properties"))) {
            p.load(r);
        }
        return p;
    }

    private static void assertSelects(JsonNode selector, JsonNode labels) {
        assertThat(selector.size()).isPositive();
        selector.fields().forEachRemaining(e ->
                assertThat(labels.path(e.getKey()).asText()).as("label " + e.getKey()).isEqualTo(e.getValue().asText()));
    }

    private static String probe(JsonNode container, String name) {
        return container.path(name).path("httpGet").path("path").asText();
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static Set<String> acl(JsonNode acls, String type, String name, String pattern) {
        for (JsonNode a : acls) {
            JsonNode r = a.path("resource");
            if (type.equals(r.path("type").asText()) && name.equals(r.path("name").asText())
                    && pattern.equals(r.path("patternType").asText())) {
                return texts(a.path("operations"));
            }
        }
        throw new AssertionError("no ACL on " + type + " " + pattern + " " + name);
    }

    static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> matches(Pattern p, String s) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

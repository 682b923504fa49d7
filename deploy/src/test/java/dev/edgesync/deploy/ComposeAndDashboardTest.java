package dev.edgesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-host centre (compose) and the Grafana dashboard. */
class ComposeAndDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:edge|http_server|jvm|process|kafka|up)[a-z_]*)\\s*[{\\[(]");

    @Test
    void composeRunsOneKraftKafkaAndCoreIngestPointedAtIt() throws IOException {
        JsonNode compose = Manifests.yaml(Manifests.deploy().resolve("compose/compose.yaml")).get(0);
        JsonNode kafka = compose.path("services").path("kafka");
        JsonNode core = compose.path("services").path("core-ingest");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        JsonNode env = kafka.path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).contains("broker").contains("controller");
        assertThat(env.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).as("no topic made by a produce").isEqualTo("false");
        assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).startsWith(env.path("KAFKA_NODE_ID").asText() + "@");
        assertThat(Base64.getUrlDecoder().decode(env.path("CLUSTER_ID").asText())).as("CLUSTER_ID is a base64url UUID").hasSize(16);

        String bootstrap = core.path("environment").path("CORE_KAFKA_BOOTSTRAP_SERVERS").asText();
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("://" + bootstrap);
        int httpPort = Integer.parseInt(KubernetesManifestsTest.coreIngestProperties().getProperty("quarkus.http.port"));
        assertThat(core.path("ports").get(0).asText()).endsWith(":" + httpPort);
        assertThat(core.path("image").asText()).isEqualTo(Manifests.one("StatefulSet", "core-ingest")
                .path("spec").path("template").path("spec").path("containers").get(0).path("image").asText());
        assertThat(core.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
    }

    @Test
    void dashboardQueriesOnlyMetricsDocumentedInTheOperationsGuide() throws IOException {
        JsonNode d = Manifests.json(Manifests.deploy().resolve("grafana/edgesync-dashboard.json"));
        assertThat(d.path("uid").asText()).isNotBlank();
        assertThat(d.path("title").asText()).isNotBlank();
        String docs = Files.readString(Manifests.repo().resolve("docs/operations.md"));
        Set<Integer> ids = new HashSet<>();
        List<String> metrics = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            assertThat(ids.add(p.path("id").asInt())).as("unique panel id " + p.path("id")).isTrue();
            if ("row".equals(p.path("type").asText())) {
                continue;
            }
            assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText();
                assertThat(expr).as(p.path("title").asText()).isNotBlank();
                metrics.addAll(KubernetesManifestsTest.matches(METRIC, expr));
            }
        }
        assertThat(metrics).contains("edge_backlog_events", "edge_link_up", "http_server_requests_seconds_count");
        for (String m : new HashSet<>(metrics)) {
            if (!m.equals("up")) {
                assertThat(docs).as("docs/operations.md documents metric " + m).contains("`" + m);
            }
        }
    }
}

package dev.edgesync.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The package's own launcher, extracted from the .deb into a temp root, starts the edge node against a temp
 * configuration (free ports, temp data dir), becomes ready, and stops cleanly on SIGTERM.
 */
class InstalledLauncherIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void launcherFromThePackageStartsTheEdgeNodeUntilReadyAndStopsOnSigterm(@TempDir Path tmp) throws Exception {
        assumeTrue(Cmd.onPath("dpkg-deb"), "dpkg-deb is not installed: the .deb cannot be extracted here");
        Path root = tmp.resolve("root");
        Cmd.run(List.of("dpkg-deb", "-x", Artifacts.deb().toString(), root.toString())).ok();
        Path launcher = root.resolve("usr/lib/edge-node/bin/edge-node");
        Path data = tmp.resolve("data");
        int http = freePort();
        int broker = freePort();
        // The packaged conffile with its required key set, as an operator would edit it.
        String conf = Files.readString(root.resolve("etc/edge-node/application.properties"))
                .replace("edge.data-dir=/var/lib/edge-node", "edge.data-dir=" + data)
                + "\nedge.site.id=package-test\nedge.api.auth=none\nquarkus.http.port=" + http + "\nedge.broker.port=" + broker + "\n";
        Path config = Files.writeString(tmp.resolve("application.properties"), conf);
        Path log = tmp.resolve("edge-node.log");

        ProcessBuilder pb = new ProcessBuilder(launcher.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(tmp.toFile());
        pb.environment().put("EDGE_NODE_CONFIG", config.toString());
        Process p = pb.start();
        try {
            await("ready at /q/health/ready (log: " + log + ")").atMost(Duration.ofSeconds(100))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the launcher exited early:\n" + tail(log), () -> !p.isAlive())
                    .until(() -> ready(http));
            String status = get(http, "/v1/status").body();
            assertThat(status).contains("\"id\":\"package-test\"");
            assertThat(get(http, "/").body()).as("status page served by the packaged app").contains("status.js");
            assertThat(data.resolve("broker")).isDirectory();
            assertThat(data.resolve("state")).isDirectory();
        } finally {
            p.destroy();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(exited).as("exited within 60 s of SIGTERM; log:\n%s", tail(log)).isTrue();
        }
        // 143 = 128 + SIGTERM, after Quarkus' orderly shutdown (systemd's SuccessExitStatus=143).
        assertThat(p.exitValue()).as("exit code; log:\n%s", tail(log)).isIn(0, 143);
        assertThat(Files.readString(log)).contains("Installed features").doesNotContain("ERROR");
    }

    @Test
    void launcherRefusesToStartWithoutItsConfigurationFile(@TempDir Path tmp) {
        assumeTrue(Cmd.onPath("dpkg-deb"), "dpkg-deb is not installed: the .deb cannot be extracted here");
        Path root = tmp.resolve("root");
        Cmd.run(List.of("dpkg-deb", "-x", Artifacts.deb().toString(), root.toString())).ok();
        Cmd result = Cmd.run(List.of(root.resolve("usr/lib/edge-node/bin/edge-node").toString()),
                Map.of("EDGE_NODE_CONFIG", tmp.resolve("missing.properties").toString()));
        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.output()).contains("cannot read the configuration file").contains("missing.properties");
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> r = get(port, "/q/health/ready");
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

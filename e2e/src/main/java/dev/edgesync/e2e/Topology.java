package dev.edgesync.e2e;

import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.testkit.FaultProxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One centre and one edge site as real processes, with a {@link FaultProxy} on the link between them.
 *
 * <p>The centre's embedded broker has two listeners: its own clients use the direct one, edges use
 * one advertised at the proxy address, so cutting the proxy cuts exactly the edge-to-centre link.
 */
public final class Topology implements AutoCloseable {

    public static final List<String> STREAMS = List.of("sales", "payments", "telemetry", "stock");
    private static final Duration READY = Duration.ofSeconds(90);

    private final Path workDir;
    private final int coreBrokerPort = Ports.free();
    private final int coreEdgeListenerPort = Ports.free();
    private final int coreHttpPort = Ports.free();
    private final int edgeBrokerPort = Ports.free();
    private final int edgeHttpPort = Ports.free();
    private final FaultProxy link;
    private final AppProcess core;
    private final String coreApiKey = newApiKey();
    private final AppProcess edge;

    public Topology(Path workDir, Path coreJar, Path edgeJar, String siteId) {
        this(workDir, coreJar, edgeJar, siteId, Map.of());
    }

    /**
     * @param edgeOverrides edge settings that replace the defaults built here, e.g. shorter
     *                      {@code edge.sync.request-timeout} and {@code edge.sync.transaction-timeout}
     *                      so fault rounds longer than every client timeout stay short
     */
    public Topology(Path workDir, Path coreJar, Path edgeJar, String siteId, Map<String, String> edgeOverrides) {
        this.workDir = workDir;
        try {
            this.link = new FaultProxy(0, "127.0.0.1", coreEdgeListenerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the link proxy", e);
        }
        Map<String, String> coreSettings = new TreeMap<>();
        coreSettings.put("quarkus.http.port", String.valueOf(coreHttpPort));
        coreSettings.put("core.embedded.port", String.valueOf(coreEdgeListenerPort));
        coreSettings.put("core.embedded.advertised-host", "127.0.0.1");
        coreSettings.put("core.embedded.advertised-port", String.valueOf(link.port()));
        coreSettings.put("core.embedded.internal-port", String.valueOf(coreBrokerPort));
        coreSettings.put("core.embedded.data-dir", workDir.resolve("core").toString());
        // core-ingest runs in the production profile, where its API must say who may call it: one key for the harness.
        coreSettings.putAll(coreApiSettings(coreApiKey));
        this.core = new AppProcess("core-ingest", coreJar, coreSettings, workDir.resolve("logs/core-ingest.log"), coreHttpPort);

        Map<String, String> edgeSettings = new TreeMap<>();
        edgeSettings.put("quarkus.http.port", String.valueOf(edgeHttpPort));
        edgeSettings.put("edge.site.id", siteId);
        // The harness is the only client on loopback; the API's key checks have their own tests (ApiAuthIT).
        edgeSettings.put("edge.api.auth", "none");
        edgeSettings.put("edge.site.region", "eu-west");
        edgeSettings.put("edge.site.cloud", "demo");
        edgeSettings.put("edge.data-dir", workDir.resolve("edge").toString());
        edgeSettings.put("edge.broker.port", String.valueOf(edgeBrokerPort));
        edgeSettings.put("edge.core.bootstrap-servers", "127.0.0.1:" + link.port());
        edgeSettings.put("edge.sync.retry-backoff", "1s");
        edgeSettings.putAll(edgeOverrides);
        this.edge = new AppProcess("edge-node", edgeJar, edgeSettings, workDir.resolve("logs/edge-node.log"), edgeHttpPort);
    }

    /** Jars from the system properties the build sets, or the default build output paths. */
    public static Topology fromBuild(Path workDir, String siteId) {
        return fromBuild(workDir, siteId, Map.of());
    }

    /** As {@link #fromBuild(Path, String)}, with edge settings overridden. */
    public static Topology fromBuild(Path workDir, String siteId, Map<String, String> edgeOverrides) {
        return new Topology(workDir, builtCoreJar(), builtEdgeJar(), siteId, edgeOverrides);
    }

    /** core-ingest's runnable jar: the system property {@code e2e.core-jar}, or the build output under {@code e2e.root}. */
    public static Path builtCoreJar() {
        return Path.of(System.getProperty("e2e.core-jar", root().resolve("core-ingest/target/quarkus-app/quarkus-run.jar").toString()));
    }

    /** edge-node's runnable jar: the system property {@code e2e.edge-jar}, or the build output under {@code e2e.root}. */
    public static Path builtEdgeJar() {
        return Path.of(System.getProperty("e2e.edge-jar", root().resolve("edge-node/target/quarkus-app/quarkus-run.jar").toString()));
    }

    private static Path root() {
        return Path.of(System.getProperty("e2e.root", "."));
    }

    public Topology startCore() {
        core.start(READY);
        return this;
    }

    public Topology startEdge() {
        edge.start(READY);
        return this;
    }

    /** As {@link #startEdge()}, waiting up to {@code ready} for it (a slower start, e.g. under libfaketime). */
    public Topology startEdge(Duration ready) {
        edge.start(ready);
        return this;
    }

    public AppProcess core() {
        return core;
    }

    public AppProcess edge() {
        return edge;
    }

    public FaultProxy link() {
        return link;
    }

    public URI edgeUri() {
        return URI.create("http://127.0.0.1:" + edgeHttpPort);
    }

    /** The key (every scope) that core-ingest's REST API asks of this topology's callers: {@code Authorization: Bearer}. */
    public String coreApiKey() {
        return coreApiKey;
    }

    /** {@code GET} on core-ingest's REST API, with this topology's key or without any; the status and body. */
    public HttpResponse<String> coreGet(String path, boolean withKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(coreUri().resolve(path)).timeout(Duration.ofSeconds(30));
        if (withKey) {
            b.header("Authorization", "Bearer " + coreApiKey);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " at core-ingest", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** core-ingest's API settings for one key with every scope, only its hash configured. */
    public static Map<String, String> coreApiSettings(String key) {
        return Map.of("core.api.auth", "api-key", "core.api.keys.harness.hash", ApiKeyHash.of(key),
                "core.api.keys.harness.scopes", "read,onboard,downlink");
    }

    /** A new random API key (256 bits, hex). */
    public static String newApiKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public URI coreUri() {
        return URI.create("http://127.0.0.1:" + coreHttpPort);
    }

    /** The centre's broker as its own services and analytics consumers reach it (not through the link). */
    public String coreBootstrap() {
        return "127.0.0.1:" + coreBrokerPort;
    }

    /** The edge's embedded broker (loopback), e.g. to watch {@code curated.*} as it fills. */
    public String edgeBootstrap() {
        return "127.0.0.1:" + edgeBrokerPort;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        edge.stop(Duration.ofSeconds(30));
        core.stop(Duration.ofSeconds(30));
        link.close();
    }
}

package dev.edgesync.e2e;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One of our Quarkus apps (edge-node or core-ingest) running as a real OS process from its packaged jar. */
public final class AppProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> settings;
    private final Path logFile;
    private final int httpPort;
    private Process process;
    private long launchedAt;
    private List<String> jvmOptions = List.of("-Xmx512m", "-XX:+UseSerialGC");
    private Map<String, String> environment = Map.of();

    /**
     * @param settings Quarkus/MicroProfile config passed as system properties
     * @param httpPort the HTTP port the app is configured with, for readiness checks
     */
    public AppProcess(String name, Path jar, Map<String, String> settings, Path logFile, int httpPort) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": packaged app not found at " + jar + " (run mvn package first)");
        }
        this.name = name;
        this.jar = jar;
        this.settings = Map.copyOf(settings);
        this.logFile = logFile;
        this.httpPort = httpPort;
    }

    /** JVM options for the next {@link #start}, replacing the harness default ({@code -Xmx512m -XX:+UseSerialGC}). */
    public AppProcess jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** Extra environment variables for the next {@link #start}. */
    public AppProcess environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    /** Starts the process and waits until its readiness check answers UP. */
    public AppProcess start(Duration readyTimeout) {
        if (process != null && process.isAlive()) {
            return this;
        }
        launch();
        return awaitReady(readyTimeout);
    }

    /** Starts the process without waiting for it to be ready, e.g. to cut its power while it recovers. */
    public AppProcess launch() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        // For profiling a run (e.g. a flight recording of one process) without changing the harness.
        String extra = System.getProperty("e2e.jvm-options." + name, "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(environment);
            process = pb
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
        launchedAt = System.nanoTime();
        return this;
    }

    /** Waits until the process launched last answers UP on its readiness check. */
    public AppProcess awaitReady(Duration readyTimeout) {
        long t0 = launchedAt;
        long deadline = t0 + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " during startup; see " + logFile);
            }
            if (isReady()) {
                LOG.info("{} ready on port {} in {} ms (pid {})", name, httpPort, (System.nanoTime() - t0) / 1_000_000, process.pid());
                return this;
            }
            Waits.pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " not ready after " + readyTimeout + "; see " + logFile);
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: the process gets no chance to flush or close anything. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
            LOG.info("{} killed (SIGKILL)", name);
        }
    }

    /** SIGTERM and wait for an orderly shutdown; SIGKILL if it takes longer than {@code timeout}. */
    public void stop(Duration timeout) {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!awaitExit(timeout)) {
                LOG.warn("{} did not stop within {}; killing it", name, timeout);
                kill();
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The running process's id, or -1 when it is not running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}

package dev.edgesync.edge;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * One run of the edge app in a {@code @QuarkusMainTest}: launched in the background, ready once its health says so,
 * stopped as a shutdown would stop it on close. A test restarts the app on its own data by opening one run after
 * another, so it needs no other test class to have run first.
 */
public final class AppRun implements AutoCloseable {

    private final Thread thread;
    private final AtomicReference<LaunchResult> result = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ClassLoader testLoader = Thread.currentThread().getContextClassLoader();

    private AppRun(QuarkusMainLauncher launcher) {
        thread = new Thread(() -> {
            try {
                result.set(launcher.launch());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "edge-app-run");
        thread.setDaemon(true);
    }

    /** Launches the app and returns once {@code /q/health/ready} answers 200 on {@code httpPort}. */
    public static AppRun start(QuarkusMainLauncher launcher, int httpPort) {
        AppRun run = new AppRun(launcher);
        run.thread.start();
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> !run.thread.isAlive() || http.send(HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        if (!run.thread.isAlive()) {
            throw new AssertionError("the app ended while starting: " + run.describeEnd());
        }
        return run;
    }

    /** The class of this name as the running app loaded it: its static fields are the app's, not the test's. */
    public Class<?> appClass(Class<?> testSide) throws ClassNotFoundException {
        return Class.forName(testSide.getName(), true, appLoader());
    }

    /** Stops the app as a shutdown does (every bean's stop runs) and waits for its exit code 0. */
    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            Class.forName("io.quarkus.runtime.Quarkus", true, appLoader()).getMethod("asyncExit").invoke(null);
            thread.join(Duration.ofMinutes(2).toMillis());
        }
        if (thread.isAlive() || result.get() == null || result.get().exitCode() != 0) {
            throw new AssertionError("the app did not stop cleanly: " + describeEnd());
        }
    }

    private ClassLoader appLoader() {
        ClassLoader cl = thread.getContextClassLoader();
        if (cl == null || cl == testLoader) {
            throw new IllegalStateException("the app is not running");
        }
        return cl;
    }

    private String describeEnd() {
        if (failure.get() != null) {
            return failure.get().toString();
        }
        LaunchResult r = result.get();
        return r == null ? "still running" : "exit code " + r.exitCode() + ", " + r.getErrorOutput();
    }
}

package dev.edgesync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Footprint probes of a child process: RSS from /proc and heap from its Prometheus metrics. */
final class Procs {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Procs() {
    }

    /** The newest child java process of this JVM (the app just started). */
    static long newestChildPid() {
        return ProcessHandle.current().children()
                .max((a, b) -> a.info().startInstant().orElseThrow().compareTo(b.info().startInstant().orElseThrow()))
                .map(ProcessHandle::pid).orElseThrow();
    }

    static long rssMb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * CPU time (user + system) the process has used so far, in ms, from {@code /proc/<pid>/stat}; -1 if unknown.
     * Linux reports it in clock ticks of 10 ms (USER_HZ 100 on every architecture the JDK runs on).
     */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Sum of jvm_memory_used_bytes{area="heap"} from /q/metrics, in MB. */
    static Optional<Long> heapUsedMb(int httpPort) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            boolean found = false;
            for (String l : body.split("\n")) {
                if (l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? Optional.of((long) (sum / (1024 * 1024))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

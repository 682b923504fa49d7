package dev.edgesync.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The main job, end to end on one machine: a centre (core-ingest with its embedded broker) and a store
 * box (edge-node) as real processes, a till system posting the retail sample at a steady rate, the
 * store's link cut for a while and restored, and a summary of what reached the centre.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("demo.rate", 300);
        Duration online = Duration.ofSeconds(Long.getLong("demo.online-seconds", 15));
        Duration cut = Duration.ofSeconds(Long.getLong("demo.cut-seconds", 20));
        Path work = Path.of(System.getProperty("demo.work-dir", "target/demo")).toAbsolutePath();
        wipe(work);
        boolean ok;

        say("Starting the centre (core-ingest + embedded Kafka) and a store box (edge-node) in " + work);
        try (Topology t = Topology.fromBuild(work, "store-042")) {
            t.startCore();
            t.startEdge();
            say("centre http %s, broker %s | store box http %s | link via proxy port %d",
                    t.coreUri(), t.coreBootstrap(), t.edgeUri(), t.link().port());
            // The centre runs as deployed (production profile), so its API wants a key: one made for this run.
            say("centre API: curl -H 'Authorization: Bearer %s' %s/v1/sites", t.coreApiKey(), t.coreUri());
            LoadGenerator tills = new LoadGenerator(t.edgeUri(), SampleEvents.retail());
            AtomicBoolean posting = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                tills.postAtRate(rate, online.plus(cut).plus(online), 20);
                posting.set(false);
            }, "tills");
            try (Checker checker = new Checker(t.coreBootstrap(), Topology.STREAMS)) {
                load.start();
                say("Posting the retail sample at ~%d events/s; the link is up.", rate);
                progress(t, tills, checker, online);
                t.link().cut();
                say("LINK CUT for %ds: the store keeps accepting events and buffers them on its disk.", cut.toSeconds());
                progress(t, tills, checker, cut);
                t.link().restore();
                say("LINK RESTORED: the backlog drains to the centre, in order, exactly once.");
                progress(t, tills, checker, online);
                load.join();
                say("Tills stopped posting; waiting for the last events to land.");
                Checker.Report report = checker.awaitAll(tills.ledger(), Duration.ofSeconds(120));
                progress(t, tills, checker, Duration.ZERO);
                say("");
                say("==================== SUMMARY ====================");
                say("posted (acknowledged by the store box): %d", report.acknowledged());
                say("landed at the centre (analytics.*):       %d", report.landedUnique());
                say("missing:                                  %d", report.missing());
                say("duplicated:                               %d", report.duplicated());
                say("out of order (per key):                   %d", report.reordered());
                say("centre's registry, GET /v1/sites/store-042: HTTP %d with the key, %d without",
                        t.coreGet("/v1/sites/store-042", true).statusCode(), t.coreGet("/v1/sites/store-042", false).statusCode());
                say("=================================================");
                say(report.exactlyOnceInOrder() ? "RESULT: OK, every event exactly once, in order." : "RESULT: FAILED");
                say("logs: %s", work.resolve("logs"));
                ok = report.exactlyOnceInOrder();
            }
        } // closing the topology stops both apps: exiting inside the try would leave them running
        System.exit(ok ? 0 : 1);
    }

    private static void progress(Topology t, LoadGenerator tills, Checker checker, Duration during) {
        long end = System.nanoTime() + during.toNanos();
        do {
            checker.poll(Duration.ofMillis(500));
            JsonNode status = EdgeStatus.fetch(t.edgeUri());
            long posted = tills.ledger().size();
            long landed = checker.uniqueLanded();
            say("  posted %6d | link %-8s | buffered at store, not yet at centre %6d | landed at centre %6d",
                    posted, EdgeStatus.linkState(status), Math.max(0, posted - landed), landed);
            if (System.nanoTime() < end) {
                Waits.pause(Duration.ofMillis(Math.min(3000, Math.max(0, (end - System.nanoTime()) / 1_000_000))));
            }
        } while (System.nanoTime() < end);
    }

    private static void say(String fmt, Object... args) {
        System.out.println(args.length == 0 ? fmt : String.format(fmt, args));
    }

    private static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

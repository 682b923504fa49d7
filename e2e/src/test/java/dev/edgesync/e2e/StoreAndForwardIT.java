package dev.edgesync.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store-and-forward promise with both apps as real processes: what the edge acknowledged reaches
 * the centre's analytics topics exactly once, in order per key, whatever happened on the way.
 */
class StoreAndForwardIT {

    private static final int EVENTS = 10_000;
    private Topology topology;

    @AfterEach
    void tearDown() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void eventsPostedWhileTheCentreIsDownArriveExactlyOnceInOrderWhenItComesUp(TestInfo info) throws Exception {
        topology = Topology.fromBuild(workDir(info), "store-down");
        topology.startEdge();

        LoadGenerator tills = new LoadGenerator(topology.edgeUri(), SampleEvents.retail());
        tills.post(EVENTS, 100);
        assertThat(tills.ledger().size()).isEqualTo(EVENTS);
        assertThat(Waits.until(Duration.ofSeconds(30), Duration.ofMillis(500),
                () -> EdgeStatus.backlog(EdgeStatus.fetch(topology.edgeUri())) >= EVENTS))
                .as("all %d events buffered at the edge while the centre is down (the backlog figure may"
                        + " overcount by the pipeline's transaction markers, never undercount)", EVENTS).isTrue();
        assertThat(EdgeStatus.linkState(EdgeStatus.fetch(topology.edgeUri()))).isEqualTo("down");

        topology.startCore();
        try (Checker checker = new Checker(topology.coreBootstrap(), Topology.STREAMS)) {
            Checker.Report report = checker.awaitAll(tills.ledger(), Duration.ofSeconds(180));
            assertThat(report.landedUnique()).as(report.toString()).isEqualTo(EVENTS);
            assertThat(report.duplicated()).as(report.toString()).isZero();
            assertThat(report.reordered()).as(report.toString()).isZero();
            assertThat(report.landedRecords()).as(report.toString()).isEqualTo(EVENTS);
        }
        assertThat(Waits.until(Duration.ofSeconds(30), Duration.ofMillis(500),
                () -> EdgeStatus.backlog(EdgeStatus.fetch(topology.edgeUri())) == 0)).as("backlog drained").isTrue();
        // The centre runs in the production profile with an API key: its registry answers the key, and no one else.
        assertThat(topology.coreGet("/v1/sites/store-down", false).statusCode()).isEqualTo(401);
        assertThat(topology.coreGet("/v1/sites/store-down", true).body()).contains("\"id\":\"store-down\"");
    }

    @Test
    void edgeKilledMidSyncAndRestartedStillDeliversExactlyOnce(TestInfo info) throws Exception {
        topology = Topology.fromBuild(workDir(info), "store-kill");
        topology.startCore().startEdge();
        topology.link().cut();

        LoadGenerator tills = new LoadGenerator(topology.edgeUri(), SampleEvents.retail());
        tills.post(EVENTS, 100);
        try (Checker checker = new Checker(topology.coreBootstrap(), Topology.STREAMS)) {
            topology.link().restore();
            assertThat(Waits.until(Duration.ofSeconds(90), Duration.ofMillis(20), () -> {
                checker.poll(Duration.ofMillis(50));
                return checker.uniqueLanded() > 0;
            })).as("sync started").isTrue();
            topology.edge().kill();
            long landedAtKill = checker.uniqueLanded();
            topology.startEdge();

            Checker.Report report = checker.awaitAll(tills.ledger(), Duration.ofSeconds(180));
            assertThat(landedAtKill).as("killed mid-sync, not after it").isLessThan(EVENTS);
            assertThat(report.landedUnique()).as(report.toString()).isEqualTo(EVENTS);
            assertThat(report.duplicated()).as(report.toString()).isZero();
            assertThat(report.reordered()).as(report.toString()).isZero();
        }
    }

    /** A fresh directory for the test under {@code e2e.work-dir}, named after its method. */
    static Path workDir(TestInfo info) throws IOException {
        Path base = Path.of(System.getProperty("e2e.work-dir", "target/e2e-work"));
        Path dir = base.resolve(info.getTestMethod().orElseThrow().getName());
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

}

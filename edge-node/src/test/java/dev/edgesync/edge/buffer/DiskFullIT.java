package dev.edgesync.edge.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.edge.AppRun;
import dev.edgesync.edge.KeptAppData;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.kafka.LocalPorts;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.testkit.FaultProxy;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The data dir on a real 96 MiB tmpfs, no quota, the centre unreachable: ingest fills the disk until the
 * free-space floor answers 507 (problem+json, Retry-After) and the broker never meets a full disk (it would halt);
 * once the link is back every event answered 202 lands at the centre exactly once, in order, and ingest accepts
 * again.
 */
@QuarkusMainTest
@TestProfile(DiskFullIT.OwnDisk.class)
class DiskFullIT {

    static final String DATA = "disk-full";
    private static Path mount;

    /** The app on a tmpfs and ports of this test's own. */
    public static class OwnDisk implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DiskFullAppResource.class, Map.of("data", DATA)));
        }
    }

    @BeforeAll
    static void mountSmallDisk() throws Exception {
        mount = DiskFill.mount(DATA);
        assumeTrue(mount != null, "mount -t tmpfs is not permitted here (it needs root or CAP_SYS_ADMIN):"
                + " the disk-full test needs a small filesystem of its own");
        DiskFullAppResource.mountedAt(DATA, mount.toString());
    }

    @AfterAll
    static void unmount() throws Exception {
        DiskFill.unmount(mount);
    }

    @Test
    void fillsToTheFloorThenDrainsExactlyOnceAndAcceptsAgain(QuarkusMainLauncher launcher) throws Exception {
        int http = KeptAppData.httpPort(DATA);
        int centrePort = LocalPorts.free();
        try (FaultProxy link = new FaultProxy(0, centrePort);
             EmbeddedKafkaBroker centre = EmbeddedKafkaBroker.builder().port(centrePort).controllerPort(LocalPorts.free())
                     .advertised("127.0.0.1", link.port()).build().start()) {
            link.cut();
            DiskFullAppResource.centreForNextRun(DATA, "127.0.0.1:" + link.port());
            try (AppRun app = AppRun.start(launcher, http)) {
                long t0 = System.nanoTime();
                DiskFill.Filled filled = DiskFill.untilRefusing(http, "sales", "s", Duration.ofSeconds(90));
                System.out.printf("DiskFullIT: %d events accepted in %d ms until the floor refused%n",
                        filled.accepted().size(), (System.nanoTime() - t0) / 1_000_000);
                assertRefusedForDiskFull(filled.refusal());
                assertThat(filled.accepted()).as("events accepted before the floor").hasSizeGreaterThan(5_000);
                JsonNode disk = DiskFill.status(http).path("buffer");
                System.out.println("DiskFullIT: buffer at the floor " + disk);
                assertThat(disk.path("disk").path("floorBytes").asLong()).isEqualTo(DiskFullAppResource.FLOOR);
                assertThat(disk.path("disk").path("totalBytes").asLong()).isEqualTo(DiskFill.SIZE_BYTES);
                assertThat(disk.path("disk").path("refusedTotal").asLong()).isPositive();

                link.restore();
                t0 = System.nanoTime();
                String topic = TopicNames.landing(DiskFullAppResource.SITE, "sales");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> Logs.read(centre.bootstrapServers(), topic).ids().size() >= filled.accepted().size());
                List<String> landed = Logs.read(centre.bootstrapServers(), topic).ids();
                System.out.printf("DiskFullIT: drained in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                assertThat(new HashSet<>(landed)).hasSize(landed.size());
                assertThat(landed).containsExactlyElementsOf(filled.accepted());

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                        assertThat(DiskFill.post(http, "sales", DiskFill.batch("again", 0, 1)).statusCode()).isEqualTo(202));
                assertThat(DiskFill.status(http).path("buffer").path("refusing").isNull()).isTrue();
            }
        }
    }

    /** 507 problem+json with Retry-After, titled as a full disk. */
    static void assertRefusedForDiskFull(HttpResponse<String> r) throws Exception {
        assertThat(r).as("a refusal before the deadline").isNotNull();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
        JsonNode p = DiskFill.json(r.body());
        assertThat(p.path("type").asText()).isEqualTo("urn:edgesync:problem:disk-full");
        assertThat(p.path("title").asText()).startsWith("Disk full");
    }
}

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A box whose disk filled comes up again on it: filled to the free-space floor with the centre unreachable,
 * stopped, the rest of the filesystem taken by a ballast file (1 MiB left), started again on the same data. It
 * comes up (its reserve file released at start gives the broker and RocksDB room), refuses ingest, drains its
 * backlog exactly once when the link is back, and accepts again.
 */
@QuarkusMainTest
@TestProfile(DiskFullRestartIT.OwnDisk.class)
class DiskFullRestartIT {

    static final String DATA = "disk-full-restart";
    private static Path mount;

    /** The app on a tmpfs and ports of this test's own, kept for both runs. */
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
                + " the disk-full restart test needs a small filesystem of its own");
        DiskFullAppResource.mountedAt(DATA, mount.toString());
    }

    @AfterAll
    static void unmount() throws Exception {
        DiskFill.unmount(mount);
    }

    @Test
    void comesUpOnAFullDiskDrainsAndAcceptsAgain(QuarkusMainLauncher launcher) throws Exception {
        int http = KeptAppData.httpPort(DATA);
        int centrePort = LocalPorts.free();
        try (FaultProxy link = new FaultProxy(0, centrePort);
             EmbeddedKafkaBroker centre = EmbeddedKafkaBroker.builder().port(centrePort).controllerPort(LocalPorts.free())
                     .advertised("127.0.0.1", link.port()).build().start()) {
            link.cut();
            DiskFullAppResource.centreForNextRun(DATA, "127.0.0.1:" + link.port());
            DiskFill.Filled filled;
            try (AppRun first = AppRun.start(launcher, http)) {
                filled = DiskFill.untilRefusing(http, "sales", "s", Duration.ofSeconds(90));
                DiskFullIT.assertRefusedForDiskFull(filled.refusal());
            }
            assertThat(Files.exists(mount.resolve("edge").resolve(ReserveFile.NAME))).as("the reserve held at stop").isTrue();
            DiskFill.ballast(mount, 1L << 20);
            assertThat(Files.getFileStore(mount).getUsableSpace()).isLessThanOrEqualTo(1L << 20);

            try (AppRun second = AppRun.start(launcher, http)) {
                JsonNode buffer = DiskFill.status(http).path("buffer");
                assertThat(buffer.path("refusing").asText()).isEqualTo("disk-full");
                assertThat(buffer.path("disk").path("reserveHeld").asBoolean()).as("released at start").isFalse();
                assertThat(DiskFill.post(http, "sales", DiskFill.batch("refused", 0, 1)).statusCode()).isEqualTo(507);

                link.restore();
                String topic = TopicNames.landing(DiskFullAppResource.SITE, "sales");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> Logs.read(centre.bootstrapServers(), topic).ids().size() >= filled.accepted().size());
                List<String> landed = Logs.read(centre.bootstrapServers(), topic).ids();
                assertThat(new HashSet<>(landed)).hasSize(landed.size());
                assertThat(landed).containsExactlyElementsOf(filled.accepted());

                // Sent, freed below the centre's checkpoint: back over the floor with the ballast still there.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                        assertThat(DiskFill.post(http, "sales", DiskFill.batch("again", 0, 1)).statusCode()).isEqualTo(202));
            }
        }
    }
}

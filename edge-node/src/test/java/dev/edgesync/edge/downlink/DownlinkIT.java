package dev.edgesync.edge.downlink;

import dev.edgesync.edge.downlink.DownlinkLedger.Outcome;
import dev.edgesync.edge.reference.ReferenceTables;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.edge.sync.ByteRateLimiter;
import dev.edgesync.edge.link.LinkSettings;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.kafka.LocalPorts;
import dev.edgesync.protocol.downlink.Addressing;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import dev.edgesync.protocol.SyncHeaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The downlink against a real centre broker, with edges as plain Java (each its own RocksDB): addressing, exactly
 * once and in order across restarts, catching up after being offline, and a downlinked bandwidth cap.
 */
class DownlinkIT {

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker core;
    private final List<Edge> edges = new ArrayList<>();

    @BeforeEach
    void centre() {
        core = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("core")).port(LocalPorts.free())
                .controllerPort(LocalPorts.free()).build().start();
    }

    @AfterEach
    void stop() {
        edges.forEach(Edge::close);
        core.close();
    }

    /** One edge box: its state store, bandwidth cap and downlink; {@link #restart()} is a process restart on the same disk. */
    private final class Edge implements AutoCloseable {
        final String site;
        final String region;
        final long configuredRate;
        StateStore store;
        ByteRateLimiter limiter;
        Downlink downlink;

        Edge(String site, String region, long configuredRate) {
            this.site = site;
            this.region = region;
            this.configuredRate = configuredRate;
            edges.add(this);
            start();
        }

        Edge start() {
            store = StateStore.open(dir.resolve(site), StateFamilies.all(Duration.ofDays(1)));
            limiter = new ByteRateLimiter(configuredRate, System::nanoTime);
            RuntimeOverrides overrides = Downlinks.overrides(store, limiter, configuredRate);
            overrides.restore();
            DownlinkStatus status = new DownlinkStatus("down");
            DownlinkApplier applier = new DownlinkApplier(store, overrides, status, site, region, "default",
                    Downlinks.MAX_MESSAGE_BYTES);
            status.loadCounts(applier.ledger());
            downlink = new Downlink(settings(), applier, status, Duration.ofMillis(500)).start();
            return this;
        }

        LinkSettings settings() {
            return new LinkSettings(site, region, "default", core.bootstrapServers(), Map.of(), Duration.ofMillis(300),
                    Duration.ofSeconds(2));
        }

        void restart() {
            close();
            start();
        }

        ReferenceTables tables() {
            return new ReferenceTables(store);
        }

        long count(Outcome o) {
            return downlink.status().total(o);
        }

        long handled() {
            return count(Outcome.APPLIED) + count(Outcome.IGNORED) + count(Outcome.REJECTED);
        }

        @Override
        public void close() {
            if (downlink != null) {
                downlink.close();
                store.close();
                downlink = null;
            }
        }
    }

    private static DownlinkMessage upsert(Addressing to, String table, String key, String rowJson) {
        return Downlinks.message(DownlinkKind.REFERENCE, to,
                "{\"table\":\"" + table + "\",\"op\":\"upsert\",\"rows\":{\"" + key + "\":" + rowJson + "}}");
    }

    private static DownlinkMessage delete(String table, String key) {
        return Downlinks.message(DownlinkKind.REFERENCE, Addressing.everyone(),
                "{\"table\":\"" + table + "\",\"op\":\"delete\",\"keys\":[\"" + key + "\"]}");
    }

    private static void awaitHandled(Edge e, long n) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> e.handled() >= n);
        assertThat(e.handled()).isEqualTo(n);
    }

    @Test
    void aMessageForRegionAReachesTheEdgesOfAAndNotThoseOfB() {
        Edge a1 = new Edge("store-a1", "region-a", 0);
        Edge a2 = new Edge("store-a2", "region-a", 0);
        Edge b1 = new Edge("store-b1", "region-b", 0);
        Downlinks.publish(core.bootstrapServers(),
                upsert(Addressing.region("region-a"), "prices", "sku-1", "{\"price\":1.5}"),
                upsert(Addressing.everyone(), "prices", "sku-2", "{\"price\":9}"),
                upsert(Addressing.site("store-b1"), "prices", "sku-3", "{\"price\":3}"),
                upsert(Addressing.region("region-b"), "prices", "sku-1", "{\"price\":2.5}"));
        // Each edge reads only the topics that can address it: the others' messages never reach it at all.
        awaitHandled(b1, 3);
        for (Edge a : List.of(a1, a2)) {
            awaitHandled(a, 2);
            assertThat(a.tables().get("prices", "sku-1").orElseThrow().get("price").asDouble()).isEqualTo(1.5);
            assertThat(a.tables().get("prices", "sku-2")).isPresent();
            assertThat(a.tables().get("prices", "sku-3")).isEmpty();
            assertThat(a.count(Outcome.APPLIED)).isEqualTo(2);
            assertThat(a.count(Outcome.IGNORED)).isZero();
        }
        assertThat(b1.tables().get("prices", "sku-1").orElseThrow().get("price").asDouble()).isEqualTo(2.5);
        assertThat(b1.tables().get("prices", "sku-2")).isPresent();
        assertThat(b1.tables().get("prices", "sku-3")).isPresent();
        assertThat(b1.count(Outcome.APPLIED)).isEqualTo(3);
        assertThat(b1.count(Outcome.IGNORED)).isZero();
        assertThat(b1.downlink.status().state()).isEqualTo("up");
    }

    @Test
    void appliedExactlyOnceAndInOrderAcrossRestarts() {
        Edge e = new Edge("store-1", "eu", 0);
        // A history of one key: every upsert sets v=i, every fifth message deletes it; the last one sets v=59.
        List<DownlinkMessage> history = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            history.add(i % 5 == 3 ? delete("stock", "k") : upsert(Addressing.everyone(), "stock", "k", "{\"v\":" + i + "}"));
        }
        Downlinks.publish(core.bootstrapServers(), history.subList(0, 20).toArray(DownlinkMessage[]::new));
        awaitHandled(e, 20);
        e.restart();
        Downlinks.publish(core.bootstrapServers(), history.subList(20, 40).toArray(DownlinkMessage[]::new));
        // Stopped while messages arrive: whatever it applied before stopping must not be applied again.
        await().atMost(Duration.ofSeconds(30)).until(() -> e.handled() > 20);
        e.restart();
        Downlinks.publish(core.bootstrapServers(), history.subList(40, 60).toArray(DownlinkMessage[]::new));
        awaitHandled(e, 60);
        assertThat(e.count(Outcome.APPLIED)).isEqualTo(60);
        assertThat(e.downlink.status().lastAppliedId()).contains(history.get(59).id());
        assertThat(e.tables().get("stock", "k").orElseThrow().get("v").asInt()).isEqualTo(59);
        assertThat(e.downlink.status().lastError()).isEmpty();
        // The persisted ledger agrees after one more restart with nothing new.
        e.restart();
        assertThat(e.handled()).isEqualTo(60);
        assertThat(new DownlinkLedger(e.store).position(new TopicPartition("control.reference", 0)))
                .hasValue(60);
    }

    @Test
    void anEdgeOfflineWhileMessagesArePublishedCatchesUpOnReconnect() {
        Edge e = new Edge("store-1", "eu", 0);
        Downlinks.publish(core.bootstrapServers(), upsert(Addressing.everyone(), "t", "k0", "{\"n\":0}"));
        awaitHandled(e, 1);
        core.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> "down".equals(e.downlink.status().state()));
        core.start();
        // The centre is back before the edge is: the messages wait there for it.
        e.close();
        for (int i = 1; i <= 5; i++) {
            Downlinks.publish(core.bootstrapServers(), upsert(Addressing.everyone(), "t", "k" + i, "{\"n\":" + i + "}"));
        }
        e.start();
        awaitHandled(e, 6);
        for (int i = 0; i <= 5; i++) {
            assertThat(e.tables().get("t", "k" + i).orElseThrow().get("n").asInt()).isEqualTo(i);
        }
        assertThat(e.downlink.status().state()).isEqualTo("up");
    }

    @Test
    void aControlTopicRecreatedAtTheCentreIsReadFromItsStartNotFromTheOldPosition() throws Exception {
        Edge e = new Edge("store-1", "eu", 0);
        for (int i = 0; i < 3; i++) {
            Downlinks.publish(core.bootstrapServers(), upsert(Addressing.everyone(), "old", "k" + i, "{}"));
        }
        awaitHandled(e, 3);
        e.close();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, core.bootstrapServers()))) {
            admin.deleteTopics(List.of("control.reference")).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.createTopics(List.of(new NewTopic("control.reference", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
                return true;
            });
        }
        for (int i = 0; i < 5; i++) {
            Downlinks.publish(core.bootstrapServers(), upsert(Addressing.everyone(), "new", "k" + i, "{}"));
        }
        e.start();
        awaitHandled(e, 8);
        assertThat(e.tables().count("new")).as("none of the new topic's first messages skipped").isEqualTo(5);
        assertThat(e.downlink.status().lastError().orElseThrow()).contains("recreated");
    }

    @Test
    void anEdgeStartedWhileTheCentreIsDownRetriesAndThenReadsEverything() {
        core.close();
        Edge e = new Edge("store-1", "eu", 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "down".equals(e.downlink.status().state()));
        core.start();
        Downlinks.publish(core.bootstrapServers(), upsert(Addressing.everyone(), "t", "k", "{\"n\":1}"));
        awaitHandled(e, 1);
        assertThat(e.tables().get("t", "k")).isPresent();
    }

    @Test
    void aMessageOfANewerProtocolStopsItsTopicUntilUpgradeWhileOtherKindsGoOn() {
        Edge e = new Edge("store-1", "eu", 0);
        ProducerRecord<byte[], byte[]> newer = Downlinks.producerRecord(upsert(Addressing.everyone(), "t", "k2", "{}"));
        newer.headers().remove(SyncHeaders.PROTOCOL_VERSION);
        newer.headers().add(SyncHeaders.PROTOCOL_VERSION, "9".getBytes(StandardCharsets.UTF_8));
        Downlinks.publish(core.bootstrapServers(), List.of(
                Downlinks.producerRecord(upsert(Addressing.everyone(), "t", "k1", "{}")), newer,
                Downlinks.producerRecord(upsert(Addressing.everyone(), "t", "k3", "{}")),
                Downlinks.producerRecord(Downlinks.message(DownlinkKind.CONFIG, Addressing.everyone(),
                        "{\"set\":{\"edge.sync.max-bytes-per-second\":4096}}"))));
        awaitHandled(e, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> e.downlink.status().lastError().isPresent());
        assertThat(e.downlink.status().lastError().orElseThrow()).contains("control.reference-0 offset 1").contains("upgrade");
        assertThat(e.tables().get("t", "k1")).isPresent();
        assertThat(e.tables().get("t", "k3")).as("must not overtake the message it cannot read").isEmpty();
        assertThat(e.limiter.rate()).isEqualTo(4096);
        e.restart();
        awaitHandled(e, 2);
        assertThat(new DownlinkLedger(e.store).position(new TopicPartition("control.reference", 0))).hasValue(1);
    }

    @Test
    void aDownlinkedBandwidthCapTakesEffectAndHoldsAfterARestart() {
        Edge e = new Edge("store-1", "eu", 0);
        Edge other = new Edge("store-2", "us", 0);
        Downlinks.publish(core.bootstrapServers(), Downlinks.message(DownlinkKind.CONFIG, Addressing.region("eu"),
                "{\"set\":{\"edge.sync.max-bytes-per-second\":65536}}"));
        awaitHandled(e, 1);
        assertThat(e.limiter.rate()).isEqualTo(65536);
        assertThat(other.handled()).as("region eu's topic is not read in us").isZero();
        assertThat(other.limiter.rate()).isZero();
        e.restart();
        assertThat(e.limiter.rate()).as("restored from the state store at start, before any message").isEqualTo(65536);
        awaitHandled(e, 1);
        assertThat(e.limiter.rate()).isEqualTo(65536);
    }

    @Test
    void anErrorThatEndsTheDownlinkThreadShowsAsFailedWithItsReason() {
        // A setting handler that hits an Error (as out of memory would): the loop cannot go on, and must say so.
        Edge e = new Edge("store-1", "eu", 0);
        e.close();
        try (StateStore store = StateStore.open(dir.resolve("failing"), StateFamilies.all(Duration.ofDays(1)))) {
            RuntimeOverrides broken = new RuntimeOverrides(store, Map.of("edge.sync.max-bytes-per-second",
                    new RuntimeOverrides.Knob("0", v -> {
                        throw new OutOfMemoryError("simulated");
                    }, v -> { })));
            DownlinkStatus status = new DownlinkStatus("down");
            DownlinkApplier applier = new DownlinkApplier(store, broken, status, "store-1", "eu", "default",
                    Downlinks.MAX_MESSAGE_BYTES);
            try (Downlink d = new Downlink(e.settings(), applier, status, Duration.ofMillis(500)).start()) {
                Downlinks.publish(core.bootstrapServers(), Downlinks.message(DownlinkKind.CONFIG, Addressing.everyone(),
                        "{\"set\":{\"edge.sync.max-bytes-per-second\":65536}}"));
                await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(status.state()));
                assertThat(status.lastError().orElseThrow()).contains("simulated").contains("restart");
            }
        }
    }
}

package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.it.Centre;
import dev.edgesync.core.sites.PartitionProgress;
import dev.edgesync.core.sites.RegistryTail;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.kafka.EmbeddedKafkaCluster;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relay instances in one consumer group on a three-node centre (RF 3, min.insync.replicas 2): while
 * two sites keep landing transactions, one broker node crashes and one relay instance dies with a
 * transaction open; every landed event still reaches analytics exactly once, in per-key order, and the site
 * registry, built from what both instances committed, counts every event exactly once and reads the same from
 * either instance.
 */
class ScaleOutIT {

    private static final String GROUP = "scale-group";
    private static final String STREAM = "orders";
    private static final List<String> SITES = List.of("north-9", "south-9");
    private static final int TX_EVENTS = 20;
    private static final int TXS_PER_PHASE = 12;

    @TempDir
    Path dir;

    private EmbeddedKafkaCluster cluster;
    private Admin admin;
    private final List<LandingRelay> relays = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService writers = Executors.newFixedThreadPool(SITES.size());

    @AfterEach
    void tearDown() throws InterruptedException {
        writers.shutdownNow();
        relays.forEach(LandingRelay::stop);
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoInstancesRelayExactlyOnceThroughABrokerCrashAndAnInstanceCrash() throws Exception {
        cluster = EmbeddedKafkaCluster.builder().dataDir(dir).nodes(3)
                .config("group.initial.rebalance.delay.ms", "0")
                // The crashed instance's open transaction is aborted soon after its timeout.
                .config("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .build().start();
        String bootstrap = cluster.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        CoreTopics topics = new CoreTopics(admin, 3, Optional.empty());
        topics.ensureInternal();
        List<NewTopic> landing = SITES.stream().map(s -> new NewTopic(TopicNames.landing(s, STREAM), Optional.of(3), Optional.empty())).toList();
        admin.createTopics(landing).all().get(60, TimeUnit.SECONDS);

        AtomicBoolean crashB = new AtomicBoolean();
        AtomicBoolean crashedB = new AtomicBoolean();
        AtomicReference<LandingRelay> b = new AtomicReference<>();
        LandingRelay a = startRelay(bootstrap, topics, "a", RelayHooks.NONE);
        b.set(startRelay(bootstrap, topics, "b", batch -> {
            if (crashB.get() && crashedB.compareAndSet(false, true)) {
                // Dies as a process would: records and offsets sent, no commit, no abort, never back.
                b.get().stop();
                throw new IllegalStateException("simulated crash of relay instance b");
            }
        }));

        Map<String, List<Centre.Event>> events = new ConcurrentHashMap<>();
        for (String s : SITES) {
            events.put(s, Centre.events(s, 3 * TXS_PER_PHASE * TX_EVENTS, 9, 3));
        }
        Map<TopicPartition, Long> last = new ConcurrentHashMap<>();
        Map<String, Centre.EdgeWriter> edges = new ConcurrentHashMap<>();
        for (String s : SITES) {
            edges.put(s, new Centre.EdgeWriter(bootstrap, s, s.startsWith("north") ? "eu-north" : "eu-south", "aws"));
        }
        try {
            // Phase 1: both instances up and committing. Written only once both hold partitions: otherwise the
            // first member can relay the whole phase before the second joins, and the second commits nothing.
            // (The group does not exist until the first member joins: describing it fails until then.)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                var group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
                return group.members().size() == 2
                        && group.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
            });
            writePhase(0, edges, events, last).join();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.committedBatches() > 0 && b.get().committedBatches() > 0);

            // Phase 2: the sites keep writing while a broker node crashes and instance b dies mid-transaction.
            CompletableFuture<Void> phase2 = writePhase(1, edges, events, last);
            cluster.stopNode(0);
            crashB.set(true);
            phase2.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> crashedB.get() && !threads.get(1).isAlive());

            // Phase 3: instance a alone, on two nodes.
            writePhase(2, edges, events, last).join();
        } finally {
            edges.values().forEach(Centre.EdgeWriter::close);
        }

        Centre.awaitRelayed(bootstrap, GROUP, last, Duration.ofSeconds(90));

        List<ConsumerRecord<byte[], byte[]>> out = Centre.readAll(bootstrap, TopicNames.analytics(STREAM), true);
        List<Centre.Event> all = new ArrayList<>();
        events.values().forEach(all::addAll);
        assertThat(out).hasSize(all.size());
        LandingRelayIT.assertExactlyOnceInKeyOrder(out, all);
        assertThat(crashedB).isTrue();
        // Instance b's last transaction reached the log and stays invisible to read_committed readers.
        assertThat(Centre.readAll(bootstrap, TopicNames.analytics(STREAM), false).size()).isGreaterThan(all.size());
        assertThat(a.committedBatches()).isPositive();
        assertThat(a.relayedCount() + b.get().relayedCount()).as("committed relays of both instances").isEqualTo(all.size());

        // Each instance's registry reader sees the whole topic: the same per-partition progress on both, and counts
        // that add up to what landed although each partition changed owner during the run.
        SiteRegistry viewA = registryView(bootstrap, "view-a");
        SiteRegistry viewB = registryView(bootstrap, "view-b");
        for (String site : SITES) {
            assertThat(viewA.partitions(site)).isEqualTo(viewB.partitions(site));
            assertThat(viewA.get(site).orElseThrow().landed()).containsExactly(Map.entry(STREAM, (long) events.get(site).size()));
            for (PartitionProgress p : viewA.partitions(site)) {
                TopicPartition tp = new TopicPartition(TopicNames.landing(site, STREAM), p.partition());
                assertThat(p.nextLandingOffset()).as("watermark of %s", tp).isEqualTo(last.get(tp) + 1);
                assertThat(p.lastEdgeOffset()).isNotNegative();
            }
        }
    }

    private static SiteRegistry registryView(String bootstrap, String name) {
        SiteRegistry view = new SiteRegistry();
        try (RegistryTail tail = new RegistryTail(Map.of("bootstrap.servers", bootstrap), view, name)) {
            tail.catchUp(Duration.ofSeconds(30));
        }
        return view;
    }

    private LandingRelay startRelay(String bootstrap, CoreTopics topics, String instance, RelayHooks hooks) {
        // Distinct transactional ids in one group: KIP-447 fencing by group metadata keeps this exactly once.
        RelaySettings s = new RelaySettings(Map.of("bootstrap.servers", bootstrap), GROUP, "core-ingest-relay-" + instance,
                Duration.ofMillis(200), Duration.ofSeconds(1), 100, Duration.ofSeconds(10), Duration.ofMillis(200));
        LandingRelay relay = new LandingRelay(s, topics, new SiteRegistry(), hooks, Clock.systemUTC());
        Thread t = new Thread(relay, "relay-" + instance);
        relays.add(relay);
        threads.add(t);
        t.start();
        return relay;
    }

    /** Each site writes its phase's slice of events, {@value #TX_EVENTS} per uplink transaction, concurrently. */
    private CompletableFuture<Void> writePhase(int phase, Map<String, Centre.EdgeWriter> edges,
                                               Map<String, List<Centre.Event>> events, Map<TopicPartition, Long> last) {
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (String site : SITES) {
            fs.add(CompletableFuture.runAsync(() -> {
                for (int t = 0; t < TXS_PER_PHASE; t++) {
                    int from = (phase * TXS_PER_PHASE + t) * TX_EVENTS;
                    edges.get(site).write(STREAM, events.get(site).subList(from, from + TX_EVENTS), true)
                            .forEach((tp, o) -> last.merge(tp, o, Math::max));
                }
            }, writers));
        }
        return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new));
    }
}

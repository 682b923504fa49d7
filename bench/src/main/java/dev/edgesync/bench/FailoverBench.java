package dev.edgesync.bench;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.relay.LandingRelay;
import dev.edgesync.core.relay.RelayHooks;
import dev.edgesync.core.relay.RelaySettings;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.kafka.LocalPorts;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.testkit.FaultProxy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relay failover: two relay instances (core-ingest's {@link LandingRelay}, in-process) share a site's landing
 * partitions on one broker while the site keeps landing records; instance a is cut off from the broker (a
 * {@link FaultProxy} black hole: no close, no leave-group, no abort, as a crashed pod) in the middle of a
 * transaction, with its records and offsets sent. Measured: from the cut to the first commit by the survivor on one
 * of a's partitions (its records then visible to read_committed readers), and to all of them. Baseline in the same
 * run: the relay's previous settings (15 s session timeout, no fencing of the crashed instance's open transaction;
 * heartbeats now come every tenth of the session, not every fifth), and the old session timeout with fencing, which
 * tells the two effects apart.
 */
final class FailoverBench {

    private static final String STREAM = "orders";
    private static final int PARTITIONS = 4;
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

    private final Path work;
    private final int reps;
    private final boolean quick;

    /** @param quick leaves out the middle variant (old session timeout with fencing), to stay within 3 minutes */
    FailoverBench(Path work, int reps, boolean quick) {
        this.work = work;
        this.reps = reps;
        this.quick = quick;
    }

    /** @param kip848 the consumer group protocol of KIP-848: session and heartbeat are the broker's (3 s, 0.3 s here) */
    private record Variant(String name, Duration session, boolean fence, boolean kip848) {
        Variant(String name, Duration session, boolean fence) {
            this(name, session, fence, false);
        }
    }

    private record Result(long firstMs, long allMs) {
    }

    void run(Report report) throws Exception {
        int cuttable = LocalPorts.free();
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("now: session 3 s (heartbeat 0.3 s), fencing", Duration.ofSeconds(3), true),
                new Variant("KIP-848 `group.protocol=consumer`: session 3 s (heartbeat 0.3 s), fencing", Duration.ofSeconds(3),
                        true, true)));
        if (!quick) {
            variants.add(new Variant("session 15 s (heartbeat 1.5 s), fencing", Duration.ofSeconds(15), true));
        }
        variants.add(new Variant("**baseline**, as before: session 15 s (heartbeat 1.5 s; it was 3 s), no fencing", Duration.ofSeconds(15), false));
        Map<Variant, List<Result>> results = new HashMap<>();
        Map<Variant, String> failed = new HashMap<>();
        try (FaultProxy link = new FaultProxy(0, cuttable);
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("failover")).port(0)
                     .extraListener("CUTTABLE", cuttable, "127.0.0.1", link.port())
                     .config("group.min.session.timeout.ms", "1000")
                     .config("group.initial.rebalance.delay.ms", "0")
                     // For the KIP-848 variant only (the classic groups ignore these): the same 3 s / 0.3 s.
                     .config("group.consumer.min.session.timeout.ms", "1000")
                     .config("group.consumer.session.timeout.ms", "3000")
                     .config("group.consumer.min.heartbeat.interval.ms", "100")
                     .config("group.consumer.heartbeat.interval.ms", "300")
                     .deleteDataOnClose(true).build().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
             Admin adminA = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers("CUTTABLE")))) {
            new CoreTopics(admin, PARTITIONS, Optional.empty()).ensureInternal();
            int rep = 0;
            for (Variant v : variants) {
                // The baseline waits for the transaction timeout: once is enough to show it.
                int n = v.session().getSeconds() >= 15 ? 1 : v.kip848() ? Math.max(1, reps - 1) : reps;
                for (int i = 0; i < n; i++) {
                    Result r;
                    try {
                        r = once(++rep, v, broker, link, admin, adminA);
                    } catch (Exception e) {
                        // One variant failing (e.g. KIP-848 refused) leaves the others measured; the table says so.
                        e.printStackTrace();
                        failed.put(v, e.toString());
                        break;
                    }
                    System.out.printf("[bench] failover %s #%d: first %d ms, all %d ms%n", v.name(), i + 1, r.firstMs(), r.allMs());
                    results.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                }
            }
        }
        report.section("8. Relay failover (core-ingest instance crash)");
        report.line(String.format("Two relay instances share a site's %d landing partitions (one broker, records landing all the"
                + " time); instance a is cut off (black hole: no close, no leave-group, no abort) after sending a batch's records"
                + " and offsets, before its commit. Time from the cut to the survivor's first commit on one of a's partitions"
                + " (then: on all of them). Relay transaction timeout %d s (core-ingest's default).", PARTITIONS,
                TRANSACTION_TIMEOUT.toSeconds()));
        report.line("");
        report.row("relay settings", "runs", "to first record (each run)", "median", "to all of a's partitions (median)");
        report.row("---", "---", "---", "---", "---");
        for (Variant v : variants) {
            List<Result> rs = results.get(v);
            if (rs == null) {
                report.row(v.name(), "0", "FAILED, not measured: `" + failed.get(v) + "`", "", "");
                continue;
            }
            report.row(v.name(), String.valueOf(rs.size()),
                    String.join(", ", rs.stream().map(r -> String.format("%.1f s", r.firstMs() / 1000.0)).toList()),
                    String.format("%.1f s", median(rs.stream().map(Result::firstMs).toList()) / 1000.0),
                    String.format("%.1f s", median(rs.stream().map(Result::allMs).toList()) / 1000.0));
        }
        report.line("");
    }

    private Result once(int rep, Variant v, EmbeddedKafkaBroker broker, FaultProxy link, Admin admin, Admin adminA)
            throws Exception {
        String site = "fo-" + rep;
        String group = "failover-bench-" + rep;
        String landing = TopicNames.landing(site, STREAM);
        admin.createTopics(List.of(new NewTopic(landing, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        link.restore();
        AtomicBoolean crash = new AtomicBoolean();
        AtomicLong crashedAt = new AtomicLong();
        LandingRelay a = relay(broker.bootstrapServers("CUTTABLE"), group, "fo" + rep + "a", v, adminA, batch -> {
            if (crash.get() && crashedAt.get() == 0) {
                link.blackhole();
                crashedAt.set(System.nanoTime());
            }
        });
        LandingRelay b = relay(broker.bootstrapServers(), group, "fo" + rep + "b", v, admin, RelayHooks.NONE);
        Thread ta = start(a, "relay-a-" + rep);
        Thread tb = start(b, "relay-b-" + rep);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write(broker.bootstrapServers(), site, writing), "writer-" + rep);
        try {
            Set<TopicPartition> ofA = awaitTwoMembers(admin, group, "fo" + rep + "a");
            writer.start();
            await(() -> a.committedBatches() > 0 && b.committedBatches() > 0, Duration.ofSeconds(60), "both relays committing");
            crash.set(true);
            await(() -> crashedAt.get() != 0, Duration.ofSeconds(30), "a cut off mid-transaction");
            Map<TopicPartition, OffsetAndMetadata> before = committed(admin, group);
            long first = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> now = committed(admin, group);
                long moved = ofA.stream().filter(tp -> now.get(tp) != null && now.get(tp).offset()
                        > Optional.ofNullable(before.get(tp)).map(OffsetAndMetadata::offset).orElse(-1L)).count();
                long t = System.nanoTime();
                if (moved > 0 && first == 0) {
                    first = t;
                }
                if (moved == ofA.size()) {
                    return new Result((first - crashedAt.get()) / 1_000_000, (t - crashedAt.get()) / 1_000_000);
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the survivor did not take a's partitions over within 120 s");
        } finally {
            writing.set(false);
            writer.join(10_000);
            b.stop();
            a.stop();
            tb.join(30_000);
            // a's calls blocked in the black hole fail once the link is back (it was fenced or timed out by now).
            link.restore();
            ta.join(15_000);
            admin.deleteTopics(List.of(landing)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static LandingRelay relay(String bootstrap, String group, String instance, Variant v, Admin admin, RelayHooks hooks) {
        Map<String, Object> client = v.kip848() ? Map.of("bootstrap.servers", bootstrap, "group.protocol", "consumer")
                : Map.of("bootstrap.servers", bootstrap);
        RelaySettings s = new RelaySettings(client, group, "core-ingest-relay-" + instance,
                Duration.ofMillis(500), Duration.ofSeconds(1), 500, TRANSACTION_TIMEOUT, Duration.ofSeconds(1),
                v.session(), v.fence());
        return new LandingRelay(s, new CoreTopics(admin, PARTITIONS, Optional.empty()), new SiteRegistry(), hooks, Clock.systemUTC());
    }

    private static Thread start(LandingRelay r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** a's partitions, once both instances hold some. */
    private static Set<TopicPartition> awaitTwoMembers(Admin admin, String group, String instanceA) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
                if (g.members().size() == 2 && g.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty())) {
                    return g.members().stream().filter(m -> m.clientId().equals("core-ingest-relay-" + instanceA + "-consumer"))
                            .findFirst().map(MemberDescription::assignment).orElseThrow().topicPartitions();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // the group does not exist until its first member joins
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the two relay instances did not share the partitions within 60 s");
    }

    /** Lands records as an edge's uplink does (transactions of 10, the contract's headers) until told to stop. */
    private static void write(String bootstrap, String site, AtomicBoolean writing) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "edge-" + site + "-bench");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            long n = 0;
            while (writing.get()) {
                producer.beginTransaction();
                for (int i = 0; i < 10; i++, n++) {
                    int partition = (int) (n % PARTITIONS);
                    RecordHeaders h = new RecordHeaders();
                    h.add(SyncHeaders.CE_SPECVERSION, utf8("1.0"));
                    h.add(SyncHeaders.CE_ID, utf8(site + "-" + n));
                    h.add(SyncHeaders.CE_SOURCE, utf8("/" + site + "/pos"));
                    h.add(SyncHeaders.CE_TYPE, utf8("retail.sale"));
                    h.add(SyncHeaders.CONTENT_TYPE, utf8("application/json"));
                    h.add(SyncHeaders.EDGE_SITE, utf8(site));
                    h.add(SyncHeaders.EDGE_REGION, utf8("eu-west"));
                    h.add(SyncHeaders.EDGE_CLOUD, utf8("aws"));
                    h.add(SyncHeaders.EDGE_OFFSET, utf8(String.valueOf(n / PARTITIONS)));
                    h.add(SyncHeaders.PROTOCOL_VERSION, utf8("1"));
                    producer.send(new ProducerRecord<>(TopicNames.landing(site, STREAM), partition, utf8("k" + partition),
                            utf8("{\"n\":" + n + "}"), h));
                }
                producer.commitTransaction();
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void await(Condition c, Duration within, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!c.met()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long median(List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

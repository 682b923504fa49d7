package dev.edgesync.bench;

import dev.edgesync.e2e.AppProcess;
import dev.edgesync.e2e.Ports;
import dev.edgesync.e2e.Topology;
import dev.edgesync.edge.stream.LinkState;
import dev.edgesync.edge.sync.Uplink;
import dev.edgesync.edge.sync.UplinkSettings;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Fleet: N simulated sites, each a real {@link Uplink} (no REST, no pipeline), syncing into one real
 * core-ingest process; for growing N, the landing → analytics lag at the centre. The sites share one local
 * broker and one curated partition as their source (each ships every record to its own landing topic), which
 * keeps N sites affordable in one JVM; what is measured is the centre.
 *
 * <p>Lag is read without clocks on two sides: the bench creates each landing topic before its site starts, with
 * {@code message.timestamp.type=LogAppendTime}, and the relay keeps a record's timestamp, so an analytics
 * record's timestamp is the time it landed; lag = arrival at an analytics consumer minus that.
 */
final class FleetBench {

    private static final String STREAM = "fleet";

    private final Path work;
    private final List<Integer> steps;
    private final Duration feed;
    private final int perSiteRate;
    private final Events events = new Events();

    FleetBench(Path work, List<Integer> steps, Duration feed, int perSiteRate) {
        this.work = work;
        this.steps = steps;
        this.feed = feed;
        this.perSiteRate = perSiteRate;
    }

    void run(Report report) throws Exception {
        report.section("6. Fleet (N simulated sites into one core-ingest)");
        report.line(String.format("Each simulated site is the product's `Uplink` (one stream, one partition, product defaults but"
                + " `delete-records-interval` off) shipping to one real core-ingest process (one relay instance). All sites"
                + " read one shared local curated partition, fed at %d event/s for %d s, so the centre receives N × %d events/s."
                + " Lag = arrival in `analytics.%s` minus the landing append time (landing topics created with `LogAppendTime`"
                + " by the bench). Sites, centre broker, relay and the consumer all share the machine's 2 cores. A step keeps"
                + " up when every landed event reached analytics and the p99 lag is ≤ 5 s.",
                perSiteRate, feed.toSeconds(), perSiteRate, STREAM));
        report.line("");
        report.line("**Embedded centre** (core-ingest's own single-node broker, which fsyncs every append: the edge frees"
                + " its copy once the centre commits, and one node has no replica to fall back on):");
        report.line("");
        table(report, false);
        report.line("**Centre as deployed** (core-ingest with `core.kafka.bootstrap-servers` on a separate broker with"
                + " Kafka's default flush policy, as the brokers of `deploy/` run: durability from replication, not from an"
                + " fsync per append; here one broker in the bench JVM):");
        report.line("");
        table(report, true);
    }

    private void table(Report report, boolean asDeployed) throws Exception {
        report.row("sites (N)", "events at the centre/s", "sites up after", "landed → analytics p50", "p99", "max",
                "missing", "keeps up (p99 ≤ 5 s)", "of which landed → committed (sites' transactions) p50 / p99");
        report.row("---", "---", "---", "---", "---", "---", "---", "---", "---");
        int best = 0;
        for (int n : steps) {
            Step s = step(n, asDeployed);
            boolean ok = s.missing == 0 && s.p99 <= 5_000;
            report.row(String.valueOf(n), Report.num((double) n * perSiteRate), s.upMs + " ms", s.p50 + " ms",
                    s.p99 + " ms", s.max + " ms", String.valueOf(s.missing), ok ? "yes" : "**no**",
                    s.commitP50 + " / " + s.commitP99 + " ms");
            if (!ok) {
                break;
            }
            best = n;
        }
        report.line("");
        report.line("Largest N that kept up: **" + best + "** (target ≥ 1,000 with lag ≤ 5 s).");
        report.line("");
    }

    /** The centre of one step: its bootstrap for sites and watchers, and what to close. */
    private record Centre(String bootstrap, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    /** core-ingest as deployed: its own broker, and (production profile) an API key nobody here needs to call it. */
    private static Map<String, String> centreSettings(int http, String bootstrap) {
        Map<String, String> s = new HashMap<>(Topology.coreApiSettings(Topology.newApiKey()));
        s.put("quarkus.http.port", String.valueOf(http));
        s.put("core.kafka.bootstrap-servers", bootstrap);
        return s;
    }

    private Centre centre(Path dir, boolean asDeployed) throws Exception {
        if (!asDeployed) {
            Topology t = Topology.fromBuild(dir, "fleet-unused");
            try {
                t.startCore();
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
            return new Centre(t.coreBootstrap(), t);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("centre")).port(0)
                // As deploy/ sets it: the relay's 3 s session timeout is below Kafka's default floor of 6 s.
                .config("group.min.session.timeout.ms", "1000")
                .deleteDataOnClose(true).build().start();
        int http = Ports.free();
        AppProcess core = new AppProcess("core-ingest", Topology.builtCoreJar(),
                centreSettings(http, broker.bootstrapServers()),
                dir.resolve("logs/core-ingest.log"), http);
        try {
            core.start(Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            core.close();
            broker.close();
            throw e;
        }
        return new Centre(broker.bootstrapServers(), () -> {
            core.stop(Duration.ofSeconds(30));
            broker.close();
        });
    }

    private Step step(int n, boolean asDeployed) throws Exception {
        Path dir = work.resolve("fleet-" + (asDeployed ? "deployed-" : "") + n);
        List<Uplink> sites = new ArrayList<>(n);
        // Each simulated box has its own admin client of its local broker, as an edge has.
        List<Admin> siteAdmins = new ArrayList<>(n);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (EmbeddedKafkaBroker local = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("sites")).port(0)
                .deleteDataOnClose(true).build().start();
             Centre centre = centre(dir, asDeployed)) {
            String core = centre.bootstrap();
            try (Admin a = Admin.create(Map.of("bootstrap.servers", local.bootstrapServers()))) {
                a.createTopics(List.of(new NewTopic(TopicNames.curated(STREAM), 1, (short) 1))).all().get();
            }
            createLandingTopics(core, n);

            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                UplinkSettings s = UplinkSettings.defaults(site(i), Map.of(STREAM, 1), local.bootstrapServers(), core)
                        .withRetryBackoff(Duration.ofSeconds(2))
                        .withDeleteRecordsInterval(Duration.ofDays(1));
                Admin siteAdmin = Admin.create(Map.of("bootstrap.servers", local.bootstrapServers()));
                siteAdmins.add(siteAdmin);
                Uplink u = new Uplink(s, siteAdmin);
                sites.add(u);
                pool.submit(u::start);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (sites.stream().anyMatch(u -> u.status().state() != LinkState.UP) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long upMs = (System.nanoTime() - t0) / 1_000_000;

            List<Long> lags = Collections.synchronizedList(new ArrayList<>());
            List<Long> commitLags = Collections.synchronizedList(new ArrayList<>());
            AtomicLong arrived = new AtomicLong();
            AtomicLong landed = new AtomicLong();
            AtomicBoolean watching = new AtomicBoolean(true);
            AtomicBoolean measuring = new AtomicBoolean(false);
            Thread watcher = new Thread(() -> watch(core, Pattern.quote("analytics." + STREAM), lags, arrived, watching, measuring),
                    "fleet-watch");
            watcher.setDaemon(true);
            watcher.start();
            // Landing records become readable when the site's transaction commits: the part of the lag that is the
            // sites' own, not the relay's.
            Thread landingWatcher = new Thread(() -> watch(core, "landing\\.site-[0-9]+\\." + STREAM, commitLags, landed,
                    watching, measuring), "fleet-watch-landing");
            landingWatcher.setDaemon(true);
            landingWatcher.start();

            int total = (int) (perSiteRate * feed.toSeconds());
            long warmupEvents = Math.min(total / 4, perSiteRate * 10L);
            try (KafkaProducer<byte[], byte[]> p = producer(local.bootstrapServers())) {
                List<Events.Prepared> list = events.take(total);
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    Pace.awaitDue(start, i, perSiteRate);
                    if (i == warmupEvents) {
                        measuring.set(true);
                    }
                    p.send(list.get(i).record(TopicNames.curated(STREAM)));
                    p.flush();
                }
            }
            long expected = (long) n * total;
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (arrived.get() < expected && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            watching.set(false);
            watcher.join(10_000);
            landingWatcher.join(10_000);

            List<Long> sorted = new ArrayList<>(lags);
            Collections.sort(sorted);
            List<Long> commits = new ArrayList<>(commitLags);
            Collections.sort(commits);
            return new Step(upMs, pct(sorted, 50), pct(sorted, 99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1),
                    Math.max(0, expected - arrived.get()), pct(commits, 50), pct(commits, 99));
        } finally {
            List<java.util.concurrent.Future<?>> closing = new ArrayList<>();
            for (Uplink u : sites) {
                closing.add(pool.submit(u::close));
            }
            for (java.util.concurrent.Future<?> f : closing) {
                try {
                    f.get(2, TimeUnit.MINUTES);
                } catch (Exception e) {
                    // best effort: the process ends with the bench anyway
                }
            }
            pool.shutdownNow();
            siteAdmins.forEach(a -> a.close(Duration.ZERO));
        }
    }

    private static String site(int i) {
        return String.format("site-%05d", i);
    }

    private static void createLandingTopics(String core, int n) throws Exception {
        try (Admin a = Admin.create(Map.of("bootstrap.servers", core))) {
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                topics.add(new NewTopic(TopicNames.landing(site(i), STREAM), 1, (short) 1)
                        .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
                if (topics.size() == 200 || i == n - 1) {
                    a.createTopics(topics).all().get(2, TimeUnit.MINUTES);
                    topics.clear();
                }
            }
        }
    }

    private static void watch(String core, String pattern, List<Long> lags, AtomicLong arrived, AtomicBoolean running,
                              AtomicBoolean measuring) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, core);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-fleet-" + pattern.hashCode());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(Pattern.compile(pattern));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    arrived.incrementAndGet();
                    if (measuring.get()) {
                        lags.add(Math.max(0, System.currentTimeMillis() - r.timestamp()));
                    }
                }
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private record Step(long upMs, long p50, long p99, long max, long missing, long commitP50, long commitP99) {
    }
}

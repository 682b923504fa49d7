package dev.edgesync.core.offsets;

import dev.edgesync.protocol.Checkpoint;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.runtime.Backoff;
import dev.edgesync.runtime.Failures;
import dev.edgesync.runtime.ReconnectLoop;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feeds an {@link OffsetSyncIndex} from every site's {@code landing.<site>._checkpoints} topic: reads
 * each from the beginning (read_committed: a checkpoint counts only once its transaction, and so
 * its records, committed), and looks for new sites' topics every {@code discoveryInterval}.
 *
 * <p>It uses no consumer group (partitions are assigned, nothing is committed), so every core-ingest
 * instance builds the whole index and any instance can answer; a restart rebuilds it from the topics.
 * Runs on one thread; {@link #stop()} may be called from any thread.
 *
 * <p>A checkpoint counts only for a (stream, partition) the site has: {@code landing.<site>.<stream>} exists with
 * that partition. On a secured centre sites cannot create topics, so those are exactly the streams and partition
 * counts onboarding made; on an unsecured one, the landing topics that exist. Any other checkpoint is ignored and
 * counted ({@code ignored} is told the site; a log line at most every {@value #IGNORED_LOG_INTERVAL_S} s), so a site
 * cannot grow the index (the centre's heap) with made-up keys. The topic listing is refreshed (once per poll) before a
 * checkpoint is ignored, if it predates the poll that returned the checkpoint: an uplink creates its landing topic
 * before it writes a checkpoint for it, so a real new stream is never ignored.
 */
public final class OffsetSyncReader implements Runnable {

    private static final Logger LOG = Logger.getLogger(OffsetSyncReader.class);
    /** A site's checkpoint topic; group 1 is the site. */
    public static final Pattern CHECKPOINTS = Pattern.compile("landing\\.([a-z0-9][a-z0-9-]{0,62})\\._checkpoints");

    private final Map<String, Object> clientProperties;
    private final OffsetSyncIndex index;
    private final Duration discoveryInterval;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final Consumer<String> onIgnored;
    /** Partition counts of the landing data topics, as last listed (reader thread only). */
    private Map<String, Integer> landingPartitions = Map.of();
    private long listedAtNanos = Long.MIN_VALUE;
    private long ignoredSinceLog;
    private long lastIgnoredLogNanos;
    static final int IGNORED_LOG_INTERVAL_S = 60;
    private final ReconnectLoop loop;

    public OffsetSyncReader(Map<String, Object> clientProperties, OffsetSyncIndex index, Duration discoveryInterval,
                            Duration retryBackoff) {
        this(clientProperties, index, discoveryInterval, retryBackoff, site -> { });
    }

    /** @param onIgnored told the site of every checkpoint ignored because the site has no such stream or partition */
    public OffsetSyncReader(Map<String, Object> clientProperties, OffsetSyncIndex index, Duration discoveryInterval,
                            Duration retryBackoff, Consumer<String> onIgnored) {
        this.onIgnored = onIgnored;
        this.clientProperties = Map.copyOf(clientProperties);
        this.index = index;
        this.discoveryInterval = discoveryInterval;
        this.loop = new ReconnectLoop("offset-syncs", Backoff.fixed(retryBackoff), Failures::kafkaSession,
                new ReconnectLoop.Listener() {
                    @Override
                    public void failed(ReconnectLoop.Failure f, Duration retryIn) {
                        // A wakeup or interrupt (AT_ONCE) is not a failure: the loop condition decides.
                        if (f.verdict() == ReconnectLoop.Verdict.BACK_OFF) {
                            LOG.warnf(f.error(), "Reading the sites' checkpoint topics failed: %s. Retrying in %s; offset"
                                    + " translation answers from what was read so far", f.error().getMessage(), retryIn);
                        }
                    }
                }, l -> session());
    }

    @Override
    public void run() {
        loop.run();
    }

    /** Ends the reader: wakes its poll or back-off; returns at once. May be called before {@link #run()}. */
    public void stop() {
        loop.stop();
    }

    /** Checkpoint records read so far (malformed ones included). */
    public long readCount() {
        return read.get();
    }

    public long malformedCount() {
        return malformed.get();
    }

    /** Checkpoints ignored because their site has no such stream or partition. */
    public long ignoredCount() {
        return ignored.get();
    }

    private void session() {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "core-ingest-offset-syncs");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            loop.onWakeup(c::wakeup);
            Set<TopicPartition> assigned = new HashSet<>();
            long nextDiscovery = 0;
            while (loop.running()) {
                if (System.nanoTime() - nextDiscovery >= 0) {
                    discover(c, assigned);
                    nextDiscovery = System.nanoTime() + discoveryInterval.toNanos();
                }
                if (assigned.isEmpty()) {
                    loop.pause(Duration.ofMillis(Math.min(discoveryInterval.toMillis(), 500)));
                    continue;
                }
                var records = c.poll(Duration.ofMillis(500));
                long polledAt = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    apply(r, polledAt, () -> discover(c, assigned));
                }
            }
        }
    }

    private void discover(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        Set<TopicPartition> found = new HashSet<>();
        Map<String, Integer> landing = new HashMap<>();
        long startedAt = System.nanoTime();
        for (Map.Entry<String, List<PartitionInfo>> t : c.listTopics(Duration.ofSeconds(30)).entrySet()) {
            if (CHECKPOINTS.matcher(t.getKey()).matches()) {
                t.getValue().forEach(pi -> found.add(new TopicPartition(pi.topic(), pi.partition())));
            } else if (TopicNames.LANDING_DATA.matcher(t.getKey()).matches()) {
                landing.put(t.getKey(), t.getValue().size());
            }
        }
        landingPartitions = landing;
        listedAtNanos = startedAt;
        found.removeAll(assigned);
        if (found.isEmpty()) {
            return;
        }
        assigned.addAll(found);
        c.assign(assigned);
        c.seekToBeginning(found);
        LOG.infof("Offset translation now reads %d checkpoint partitions (new: %s)", assigned.size(), found);
    }

    /**
     * Adds one checkpoint record to the index if its site has its stream and partition; {@code relist} refreshes the
     * landing topics, called at most once for the records of a poll returned at {@code polledAt}.
     */
    void apply(ConsumerRecord<byte[], byte[]> r, long polledAt, Runnable relist) {
        read.incrementAndGet();
        Matcher m = CHECKPOINTS.matcher(r.topic());
        if (!m.matches() || r.value() == null) {
            return; // a tombstone removes nothing from the history: the index keeps what it has seen
        }
        String site = m.group(1);
        Checkpoint cp;
        try {
            cp = Checkpoint.decode(r.key(), r.value());
        } catch (IllegalArgumentException e) {
            malformed.incrementAndGet();
            LOG.warnf("Skipped a malformed checkpoint at %s-%d@%d: %s; offset translation ignores it",
                    r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (!siteHas(site, cp) && listedAtNanos - polledAt < 0) {
            relist.run();
        }
        if (!siteHas(site, cp)) {
            ignore(site, cp, r);
            return;
        }
        index.add(site, cp);
    }

    private boolean siteHas(String site, Checkpoint cp) {
        Integer partitions = landingPartitions.get(TopicNames.landing(site, cp.stream()));
        return partitions != null && cp.partition() < partitions;
    }

    private void ignore(String site, Checkpoint cp, ConsumerRecord<byte[], byte[]> r) {
        ignored.incrementAndGet();
        onIgnored.accept(site);
        ignoredSinceLog++;
        long now = System.nanoTime();
        if (lastIgnoredLogNanos == 0 || now - lastIgnoredLogNanos >= TimeUnit.SECONDS.toNanos(IGNORED_LOG_INTERVAL_S)) {
            LOG.warnf("Ignored %d checkpoint(s) for streams or partitions their sites do not have, the latest at %s-%d@%d:"
                    + " site %s, stream '%s', partition %d (%s has %s); offset translation does not index them",
                    ignoredSinceLog, r.topic(), r.partition(), r.offset(), site, cp.stream(), cp.partition(),
                    TopicNames.landing(site, cp.stream()), landingPartitions.containsKey(TopicNames.landing(site, cp.stream()))
                            ? landingPartitions.get(TopicNames.landing(site, cp.stream())) + " partitions" : "no topic");
            ignoredSinceLog = 0;
            lastIgnoredLogNanos = now;
        }
    }
}

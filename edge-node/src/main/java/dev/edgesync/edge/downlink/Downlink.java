package dev.edgesync.edge.downlink;

import dev.edgesync.edge.link.CoreClients;
import dev.edgesync.edge.link.LinkSettings;
import dev.edgesync.protocol.downlink.ControlTopics;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import dev.edgesync.runtime.Backoff;
import dev.edgesync.runtime.Failures;
import dev.edgesync.runtime.ReconnectLoop;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads the centre's control topics that can address this edge ({@link ControlTopics#readableBy}: the broadcast, its
 * cloud's, region's, region-and-cloud's and its own; those that do not exist yet are picked up once they do) and hands
 * every record, in order per topic, to the {@link DownlinkApplier}: connect, look up the control topics, seek each
 * partition to the position in the ledger (its start when none), read;
 * on any error close the consumer, mark the link down, wait {@code retry-backoff} and start over from the ledger.
 * One thread (a {@link ReconnectLoop}), never in the way of startup or ingest.
 *
 * <p>Only the kinds this edge can apply are read: a kind added by a newer centre is read from its start once this
 * edge is upgraded, instead of being skipped now. A message of a newer protocol version stops its partition (the
 * rest must not be applied before it) until this edge is upgraded.
 */
public final class Downlink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Downlink.class);

    private final LinkSettings s;
    private final CoreClients clients;
    private final DownlinkApplier applier;
    private final DownlinkStatus status;
    private final Duration discoveryInterval;
    private final List<String> readable;
    private final ReconnectLoop loop;
    private boolean started;

    /**
     * @param discoveryInterval how often the control topics are looked up again (a new kind's topic is picked up,
     *                          an unreachable centre noticed, within about this)
     */
    public Downlink(LinkSettings settings, DownlinkApplier applier, DownlinkStatus status, Duration discoveryInterval) {
        this.s = settings;
        this.clients = new CoreClients(settings);
        this.applier = applier;
        this.status = status;
        this.discoveryInterval = discoveryInterval;
        this.readable = ControlTopics.readableBy(settings.site(), settings.region(), settings.cloud());
        this.loop = new ReconnectLoop("edge-downlink-" + settings.site(), Backoff.fixed(settings.retryBackoff()),
                Failures::giveUpOnError, new Reporter(), l -> connection());
    }

    public DownlinkStatus status() {
        return status;
    }

    public synchronized Downlink start() {
        if (started) {
            throw new IllegalStateException("downlink already started");
        }
        started = true;
        loop.start();
        LOG.infof("Downlink of site %s (region %s, cloud %s) from %s started", s.site(), s.region(), s.cloud(),
                s.coreBootstrapServers());
        return this;
    }

    /** One connection: a consumer and an admin client of the centre, read with until stopped or failed. */
    private void connection() throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = clients.downlinkConsumer(); Admin admin = clients.admin()) {
            loop.onWakeup(c::wakeup);
            if (loop.running()) {
                session(c, admin);
            }
        }
    }

    /** Feeds the downlink's status and log from the loop. */
    private final class Reporter implements ReconnectLoop.Listener {
        @Override
        public void failed(ReconnectLoop.Failure f, Duration retryIn) {
            Throwable e = f.error();
            String msg = e instanceof WakeupException ? "stopped" : e.toString();
            if ("up".equals(status.state())) {
                LOG.warnf("Downlink from %s down: %s. Retrying every %s", s.coreBootstrapServers(), msg, s.retryBackoff());
            }
            status.down(msg);
        }

        @Override
        public void gaveUp(ReconnectLoop.Failure f) {
            // Only an Error gets here (out of memory, ...): the downlink cannot go on, so say so rather than vanish.
            String msg = "downlink thread ended: " + f.error() + "; restart the edge to read the downlink again";
            LOG.error(msg, f.error());
            status.failed(msg);
        }
    }

    private void session(KafkaConsumer<byte[], byte[]> c, Admin admin) throws Exception {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextDiscovery = 0;
        while (loop.running()) {
            if (System.nanoTime() - nextDiscovery >= 0) {
                Set<TopicPartition> found = discover(c);
                if (!"up".equals(status.state())) {
                    LOG.infof("Downlink from %s up: reading %s", s.coreBootstrapServers(), found);
                }
                if (nextDiscovery == 0) {
                    loop.connected(); // the centre answered this session's first look-up
                }
                status.up();
                if (!found.equals(assigned)) {
                    Set<TopicPartition> added = new HashSet<>(found);
                    added.removeAll(assigned);
                    Map<String, Uuid> ids = topicIds(admin, added);
                    c.assign(found);
                    for (TopicPartition tp : added) {
                        seekToLedger(c, tp, ids.get(tp.topic()));
                    }
                    assigned = found;
                }
                nextDiscovery = System.nanoTime() + discoveryInterval.toNanos();
            }
            if (assigned.isEmpty()) {
                loop.pause(discoveryInterval);
                continue;
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = c.poll(Duration.ofMillis(500));
            } catch (OffsetOutOfRangeException e) {
                for (TopicPartition tp : e.partitions()) {
                    // Retention deleted messages this edge had not read, or the topic was recreated: what is left is
                    // all there is. Say so: a table may miss changes until the centre sends it whole again.
                    String msg = "downlink position of " + tp + " (" + e.offsetOutOfRangePartitions().get(tp)
                            + ") is outside the centre's log; reading from its start. Messages may have been missed:"
                            + " send reference tables whole (op replace) to be sure";
                    LOG.error(msg);
                    status.error(msg);
                    c.seekToBeginning(List.of(tp));
                }
                continue;
            }
            for (TopicPartition tp : records.partitions()) {
                apply(c, tp, records.records(tp));
            }
        }
    }

    private void apply(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                applier.apply(r);
            } catch (DownlinkMessage.UnsupportedVersionException e) {
                String msg = tp + " offset " + r.offset() + ": " + e.getMessage() + "; later messages of " + tp.topic()
                        + " wait for it";
                LOG.error(msg);
                status.error(msg);
                c.pause(List.of(tp));
                return;
            }
        }
    }

    /** The partitions of the control topics that can address this edge and exist (and it may see) at the centre. */
    private Set<TopicPartition> discover(KafkaConsumer<byte[], byte[]> c) {
        Map<String, List<PartitionInfo>> topics = c.listTopics(s.requestTimeout());
        Set<TopicPartition> out = new HashSet<>();
        for (String topic : readable) {
            topics.getOrDefault(topic, List.of()).forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        }
        return out;
    }

    private Map<String, Uuid> topicIds(Admin admin, Set<TopicPartition> tps) throws Exception {
        Set<String> topics = new HashSet<>();
        tps.forEach(tp -> topics.add(tp.topic()));
        Map<String, Uuid> ids = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(s.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .forEach((name, d) -> ids.put(name, d.topicId()));
        return ids;
    }

    private void seekToLedger(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, Uuid topicId) {
        if (!applier.ledger().sameTopic(tp.topic(), topicId)) {
            // Offsets of the old topic mean nothing in the new one: a stored position could skip its first messages.
            String msg = tp.topic() + " was recreated at the centre since this edge last read it; reading the new one"
                    + " from its start. Messages of the old one it had not read are lost: send reference tables whole"
                    + " (op replace) to be sure";
            LOG.warn(msg);
            status.error(msg);
        }
        OptionalLong next = applier.ledger().position(tp);
        if (next.isPresent()) {
            c.seek(tp, next.getAsLong());
        } else {
            c.seekToBeginning(List.of(tp));
        }
    }

    /** Stops reading (a message being applied is finished first) and closes the consumer. */
    @Override
    public void close() {
        synchronized (this) {
            if (!started) {
                return;
            }
        }
        loop.stop();
        try {
            if (!loop.join(s.requestTimeout().plusSeconds(5))) {
                LOG.warnf("Downlink thread did not stop within %s", s.requestTimeout().plusSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.infof("Downlink of site %s stopped", s.site());
    }
}

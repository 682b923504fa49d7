package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.config.InstanceId;
import dev.edgesync.core.sites.PartitionProgress;
import dev.edgesync.core.sites.RegistryTail;
import dev.edgesync.core.sites.SiteCodec;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.runtime.Backoff;
import dev.edgesync.runtime.Failures;
import dev.edgesync.runtime.ReconnectLoop;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The landing relay: consumes every site's {@code landing.<site>.<stream>} (read_committed, pattern
 * subscription, never the sites' {@code ._checkpoints}/{@code ._heartbeats}) and writes each record to
 * its analytics topic or {@value CoreTopics#DLQ}, exactly once, routed by the site's registration
 * ({@link LandingRouter}, {@link SiteRegistrar#register}).
 *
 * <p>Invariants:
 * <ol>
 *   <li>One transaction per polled batch holds the batch's output records, the registry records of
 *       the landing partitions it read (one key per partition), and the consumer offsets (with the group metadata, so a zombie member
 *       of an older generation is fenced). Either all of it becomes visible or none.</li>
 *   <li>No transaction is open while {@code poll} runs, so a rebalance (which only happens inside
 *       poll) never splits a batch: revoked partitions have nothing in flight.</li>
 *   <li>After an abort the consumer is rewound to the committed offsets of its assignment, so the
 *       aborted records are read and relayed again. Failures the producer cannot recover from
 *       (fenced, unknown commit outcome) end the session: clients are dropped without aborting, as a
 *       crash would, and a new session starts from the committed offsets; its
 *       {@code initTransactions} aborts whatever the old producer left open.</li>
 *   <li>Before it counts on a partition (session start, and after every new assignment) the relay reads
 *       {@value CoreTopics#SITES} up to its end, so a partition's count continues from what its previous
 *       owner (this instance's older session, or another instance) committed, whatever it died in.</li>
 *   <li>A record is routed by its site's registration, read from {@value CoreTopics#SITES}, never by its headers. In
 *       first-record mode a site's registration is committed (in a transaction of its own) before any of its records
 *       is routed, and the relay reads the topic to its end before it routes by it; every instance takes the earliest
 *       registration, so all route a site alike (see {@link SiteRegistrar#register}).</li>
 *   <li>The relay sends only to topics it has seen exist; in onboarding mode it creates none.</li>
 * </ol>
 * Runs on one thread; {@link #stop()} may be called from any thread.
 *
 * <p>Scale-out: N instances share one consumer group, each with a distinct transactional id
 * ({@code core-ingest-relay-<instance id>}). That is safe because fencing is by consumer-group
 * metadata (KIP-447), not by transactional id: the offsets go into the transaction with
 * {@code groupMetadata()} (member id and generation), so the group coordinator refuses the offset
 * commit of a member whose partitions were reassigned, and its transaction can only abort. A new
 * owner reads committed offsets with {@code require_stable}, so it waits for a pending transactional
 * commit on those partitions (commit or abort, at the latest after the transaction timeout) before it
 * reads on. One shared transactional id, by contrast, would make the instances fence each other.
 */
public final class LandingRelay implements Runnable {

    private static final Logger LOG = Logger.getLogger(LandingRelay.class);
    /** Kafka's default {@code group.min.session.timeout.ms}: what brokers accept unless told otherwise. */
    static final Duration KAFKA_MIN_SESSION = Duration.ofSeconds(6);
    /** How often the relay looks at its group's members besides after rebalances (see OrphanFencer). */
    static final Duration OBSERVE_EVERY = Duration.ofSeconds(10);

    private final RelaySettings settings;
    private final CoreTopics topics;
    private final SiteRegistry registry;
    private final RelayHooks hooks;
    private final Clock clock;
    private final LandingRouter router;
    private final SiteRegistrationMode registration;
    private final DeadLetterCounter deadLetters;
    private final ReconnectLoop loop;
    private final SiteRegistrar registrar;
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong abortedBatches = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong fencedInstances = new AtomicLong();
    /** Relay consumers seen in the group: only their transactions may be fenced (see OrphanFencer). */
    private final Set<String> seenInGroup = ConcurrentHashMap.newKeySet();
    /** The group session timeout asked for: the configured one, or Kafka's floor once the brokers refused it. */
    private volatile Duration sessionTimeout;
    private volatile boolean healthy;
    private volatile boolean assignmentChanged;
    private volatile boolean rebalanced;
    private long lastObserved;
    private long batchNo;

    public LandingRelay(RelaySettings settings, CoreTopics topics, SiteRegistry registry, RelayHooks hooks, Clock clock) {
        this(settings, topics, registry, hooks, clock, new LandingRouter());
    }

    public LandingRelay(RelaySettings settings, CoreTopics topics, SiteRegistry registry, RelayHooks hooks, Clock clock,
                        LandingRouter router) {
        this(settings, topics, registry, hooks, clock, router, SiteRegistrationMode.FIRST_RECORD, DeadLetterCounter.NONE);
    }

    public LandingRelay(RelaySettings settings, CoreTopics topics, SiteRegistry registry, RelayHooks hooks, Clock clock,
                        LandingRouter router, SiteRegistrationMode registration, DeadLetterCounter deadLetters) {
        this.router = router;
        this.registration = registration;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.topics = topics;
        this.registry = registry;
        this.hooks = hooks;
        this.clock = clock;
        this.sessionTimeout = settings.sessionTimeout();
        this.loop = new ReconnectLoop("landing-relay", Backoff.fixed(settings.retryBackoff()), Failures::kafkaSession,
                reporter(), l -> session());
        this.registrar = new SiteRegistrar(settings, registry, router, registration, clock);
    }

    @Override
    public void run() {
        loop.run();
        healthy = false;
        LOG.infof("Landing relay stopped after %d committed and %d aborted batches (%d relayed, %d dead-lettered)",
                committedBatches.get(), abortedBatches.get(), relayed.get(), deadLettered.get());
    }

    /** Asks the loop to finish its current batch and end; returns at once. */
    public void stop() {
        loop.stop();
    }

    private ReconnectLoop.Listener reporter() {
        return new ReconnectLoop.Listener() {
            @Override
            public void failed(ReconnectLoop.Failure f, Duration retryIn) {
                if (f.verdict() == ReconnectLoop.Verdict.AT_ONCE) {
                    LOG.warnf("Landing relay interrupted unexpectedly (%s); starting a new session", f.error());
                    return;
                }
                healthy = false;
                LOG.warnf(f.error(), "Landing relay session failed: %s. Retrying in %s with new clients from the committed"
                        + " offsets; if this repeats, check that the centre is reachable and the relay's"
                        + " transactional id is not used by another instance", f.error().getMessage(), retryIn);
            }

            @Override
            public void gaveUp(ReconnectLoop.Failure f) {
                healthy = false;
                LOG.errorf(f.error(), "Landing relay ended: %s; restart core-ingest to relay again", f.error());
            }
        };
    }

    private void session() {
        sessions.incrementAndGet();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(RelayClients.producerProperties(settings), new ByteArraySerializer(), new ByteArraySerializer());
        KafkaConsumer<byte[], byte[]> c = null;
        RegistryTail tail = null;
        OrphanFencer fencer = null;
        boolean clean = false;
        try {
            // Fences an older producer with this id and aborts what it left open, before anything is read.
            producer.initTransactions();
            // A topic remembered from the last session may be gone (the session may have ended on a send to it).
            topics.forget();
            tail = new RegistryTail(settings.clientProperties(), registry, settings.transactionalId() + "-registry");
            tail.catchUp(settings.transactionTimeout());
            fencer = new OrphanFencer(settings.clientProperties(), settings.groupId(), settings.transactionalId(),
                    InstanceId.RELAY_TX_PREFIX, settings.transactionTimeout(), seenInGroup);
            c = new KafkaConsumer<>(RelayClients.consumerProperties(settings, sessionTimeout), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            loop.onWakeup(c::wakeup);
            if (!loop.running()) {
                clean = true;
                return;
            }
            c.subscribe(TopicNames.LANDING_DATA, new RelayRebalanceListener(() -> assignmentChanged = true,
                    () -> rebalanced = true));
            assignmentChanged = false;
            rebalanced = false;
            healthy = true;
            loop.connected();
            LOG.infof("Landing relay consuming %s as group %s (transactional id %s); %d sites known",
                    TopicNames.LANDING_DATA.pattern(), settings.groupId(), settings.transactionalId(), registry.list().size());
            while (loop.running()) {
                ConsumerRecords<byte[], byte[]> records = poll(c);
                if (assignmentChanged) {
                    // A crashed owner's open transaction would hold back these partitions' committed offsets, the
                    // registry and the analytics topics until it times out: abort it now (see OrphanFencer).
                    if (settings.fenceOrphans()) {
                        fencedInstances.addAndGet(fencer.fenceOrphans().size());
                    }
                    // The new partitions' committed offsets are stable (require_stable), so their previous owner's
                    // last transaction is over: its registry records are now in the log, or aborted.
                    tail.catchUp(settings.transactionTimeout());
                    assignmentChanged = false;
                }
                if (rebalanced || clock.millis() - lastObserved > OBSERVE_EVERY.toMillis()) {
                    // Who is in the group now: an instance that later leaves it is then known to be one of ours. Also
                    // now and then, as not every protocol tells every member of every rebalance.
                    rebalanced = false;
                    lastObserved = clock.millis();
                    fencer.observe();
                }
                if (!records.isEmpty() && !relay(producer, c, records, tail)) {
                    RelayClients.rewind(c);
                    pause();
                }
            }
            clean = true;
        } finally {
            if (c != null) {
                c.close(Duration.ofSeconds(5));
            }
            if (tail != null) {
                tail.close();
            }
            if (fencer != null) {
                fencer.close();
            }
            // An unclean end leaves any open transaction to the next initTransactions, as a crash would.
            producer.close(clean ? Duration.ofSeconds(10) : Duration.ZERO);
        }
    }

    /**
     * Polls; if the brokers refuse the session timeout (below their {@code group.min.session.timeout.ms}), the next
     * session asks for Kafka's default floor instead of leaving the relay down.
     */
    private ConsumerRecords<byte[], byte[]> poll(KafkaConsumer<byte[], byte[]> c) {
        try {
            return c.poll(settings.pollTimeout());
        } catch (InvalidSessionTimeoutException e) {
            if (sessionTimeout.compareTo(KAFKA_MIN_SESSION) < 0) {
                LOG.errorf("The brokers refused core.relay.session-timeout=%s (%s): relaying with %s instead, so a crashed"
                        + " instance's partitions move slower. Set group.min.session.timeout.ms=%d on the brokers"
                        + " (docs/operations.md)", sessionTimeout, e.getMessage(), KAFKA_MIN_SESSION,
                        sessionTimeout.toMillis());
                sessionTimeout = KAFKA_MIN_SESSION;
            }
            throw e;
        }
    }

    /** Relays one polled batch in one transaction; false if it was aborted and must be read again. */
    private boolean relay(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> c,
                          ConsumerRecords<byte[], byte[]> records, RegistryTail tail) {
        if (!registrar.register(producer, records, tail)) {
            abortedBatches.incrementAndGet();
            return false;
        }
        RelayBatch batch = new RelayBatch();
        List<PartitionProgress> progress;
        // One look per topic and batch: a flood of records for a missing topic costs one describe per batch.
        Map<String, OptionalInt> looked = new HashMap<>();
        try {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                batch.add(r, router.route(r, registry::location, t -> looked.computeIfAbsent(t, this::partitionsOf)));
            }
            progress = registry.preview(batch.activity(), clock.instant());
        } catch (RuntimeException e) {
            // Nothing was sent yet (e.g. an analytics topic could not be described or created): read the batch again.
            LOG.warnf("Could not prepare a relay batch of %d records: %s; it will be read again", records.count(), e.getMessage());
            abortedBatches.incrementAndGet();
            return false;
        }
        long n = ++batchNo;
        producer.beginTransaction();
        try {
            for (ProducerRecord<byte[], byte[]> out : batch.outgoing()) {
                producer.send(out);
            }
            for (PartitionProgress p : progress) {
                producer.send(new ProducerRecord<>(CoreTopics.SITES, SiteCodec.key(p), SiteCodec.value(p)));
            }
            producer.sendOffsetsToTransaction(batch.nextOffsets(), c.groupMetadata());
            producer.flush();
            hooks.beforeCommit(n);
            producer.commitTransaction();
        } catch (KafkaException e) {
            if (RelayClients.isFatal(e)) {
                throw e;
            }
            LOG.warnf("Relay transaction of %d records aborted: %s; rewinding to the committed offsets", records.count(), e.toString());
            // If the abort itself fails the outcome is unknown: the session ends and the next one starts clean.
            producer.abortTransaction();
            abortedBatches.incrementAndGet();
            return false;
        }
        registry.applyAll(progress);
        relayed.addAndGet(batch.relayed());
        deadLettered.addAndGet(batch.deadLettered());
        committedBatches.incrementAndGet();
        if (batch.deadLettered() > 0) {
            batch.deadLetteredBySite().forEach((sr, count) -> deadLetters.count(sr.site(), sr.reasonCode(), count));
            LOG.warnf("%d landing records failed checks and went to %s (see their dlq_reason header): %s",
                    batch.deadLettered(), CoreTopics.DLQ, batch.deadLetteredBySite());
        }
        return true;
    }

    /**
     * An analytics topic's partitions: in {@link SiteRegistrationMode#FIRST_RECORD} mode one that is missing is created
     * (the router asks only for a registered site's topic, named by its registered region and a stream it has a landing
     * topic for); in {@link SiteRegistrationMode#ONBOARDING} mode nothing is created here.
     */
    private OptionalInt partitionsOf(String topic) {
        OptionalInt existing = topics.existingPartitions(topic);
        if (existing.isPresent() || registration == SiteRegistrationMode.ONBOARDING) {
            return existing;
        }
        LOG.infof("Creating %s for a registered site's stream (core.relay.site-registration=first-record)", topic);
        return OptionalInt.of(topics.analyticsPartitions(topic));
    }

    private void pause() {
        loop.pause(settings.retryBackoff());
    }

    /** True while a session is consuming. */
    public boolean isHealthy() {
        return healthy && loop.running();
    }

    public long relayedCount() {
        return relayed.get();
    }

    public long deadLetteredCount() {
        return deadLettered.get();
    }

    public long committedBatches() {
        return committedBatches.get();
    }

    public long abortedBatches() {
        return abortedBatches.get();
    }

    public long sessions() {
        return sessions.get();
    }

    /** Relay instances whose open transaction this one aborted when it took their partitions over. */
    public long fencedInstances() {
        return fencedInstances.get();
    }

    /** The group session timeout the relay asks for now. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }
}

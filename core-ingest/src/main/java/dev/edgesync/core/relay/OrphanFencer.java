package dev.edgesync.core.relay;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Aborts the open transactions of relay instances that are gone from the relay's consumer group (crashed, or cut
 * off), so whoever takes over their landing partitions need not wait for the transaction timeout.
 *
 * <p>A crashed instance's open transaction holds back everything after it: the last stable offset of the analytics
 * partitions and of {@code _core.sites} it wrote to (read_committed readers, the relay's own registry catch-up
 * included, see nothing newer), and, once its offsets were sent, the committed offsets of its landing partitions
 * ({@code require_stable}). The cluster aborts it only after {@code transaction.timeout.ms}. Its transactional id
 * is known: every instance's relay consumer has client id {@code <transactional id>-consumer}, and every relay looks
 * at its group's members after each rebalance ({@link #observe}) and remembers them. On a new assignment it lists
 * the ongoing transactions and, for each of an instance it saw in its group that is no member any more, calls
 * {@code initTransactions} with that id: the coordinator aborts the transaction and bumps the epoch, which also
 * fences the old producer if it is still alive somewhere (a zombie).
 *
 * <p>Why this never fences a healthy instance for good: a relay transaction only begins after its consumer was
 * given partitions, so its instance was a member; if it is no member now, its group session ended and its
 * transaction can no longer commit its offsets (KIP-447) anyway. At worst an instance that is just starting a new
 * session is fenced once and starts another. Only ids seen in this group are touched, so another deployment's relays
 * on the same cluster (another {@code core.group-id}, same prefix) are left alone.
 */
final class OrphanFencer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LandingRelay.class);
    static final String CONSUMER_SUFFIX = "-consumer";

    private final Map<String, Object> clientProperties;
    private final String groupId;
    private final String ownTransactionalId;
    private final String prefix;
    private final Duration timeout;
    private final Set<String> known;
    private final Admin admin;

    /**
     * @param prefix  every relay instance's transactional id starts with it; other ids are never touched
     * @param timeout longest wait for one admin call or one fencing
     * @param known   consumer client ids seen in the group so far; kept by the caller across sessions
     */
    OrphanFencer(Map<String, Object> clientProperties, String groupId, String ownTransactionalId, String prefix,
                 Duration timeout, Set<String> known) {
        this.known = known;
        this.clientProperties = Map.copyOf(clientProperties);
        this.groupId = groupId;
        this.ownTransactionalId = ownTransactionalId;
        this.prefix = prefix;
        this.timeout = timeout;
        Map<String, Object> a = new HashMap<>(clientProperties);
        a.keySet().removeIf(k -> k.startsWith("isolation.") || k.startsWith("group.") || k.startsWith("transactional."));
        a.put(ConsumerConfig.CLIENT_ID_CONFIG, ownTransactionalId + "-fencer");
        this.admin = Admin.create(a);
    }

    /** The client id of the relay consumer of the instance with this transactional id. */
    static String consumerClientId(String transactionalId) {
        return transactionalId + CONSUMER_SUFFIX;
    }

    /** Remembers who is in the group now; a failure is only logged (the next rebalance looks again). */
    void observe() {
        try {
            liveClientIds();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debugf("Could not describe group %s: %s", groupId, e.toString());
        }
    }

    /**
     * Fences every relay transactional id (but this instance's) with an ongoing transaction whose instance was seen in
     * the group and is no member now; returns the ids fenced. Failures are logged, not thrown: the cluster's
     * transaction timeout remains the fallback.
     */
    List<String> fenceOrphans() {
        List<String> fenced = new ArrayList<>();
        try {
            Set<String> open = new TreeSet<>();
            for (TransactionListing t : admin.listTransactions(new ListTransactionsOptions()
                    .filterStates(Set.of(TransactionState.ONGOING))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String id = t.transactionalId();
                if (id.startsWith(prefix) && !id.equals(ownTransactionalId) && known.contains(consumerClientId(id))) {
                    open.add(id);
                }
            }
            if (open.isEmpty()) {
                return fenced;
            }
            // Members looked at after the listing: an instance whose transaction was listed and that is still (or
            // again) a member is left alone.
            Set<String> live = liveClientIds();
            for (String id : open) {
                if (!live.contains(consumerClientId(id))) {
                    fence(id);
                    fenced.add(id);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Could not fence the open transactions of relay instances that left the group: %s; the cluster"
                    + " aborts them after their transaction timeout", e.toString());
        }
        return fenced;
    }

    private Set<String> liveClientIds() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> live = new TreeSet<>();
        try {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(groupId)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(groupId);
            for (MemberDescription m : g.members()) {
                live.add(m.clientId());
            }
            known.addAll(live);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
        return live;
    }

    /** initTransactions with the orphan's id: its open transaction is aborted, its producer (if any) fenced. */
    private void fence(String transactionalId) {
        long t0 = System.nanoTime();
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, ownTransactionalId + "-fencing");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
        }
        LOG.warnf("Aborted the open transaction of relay instance %s (transactional id %s), which left group %s, in %d ms",
                transactionalId.substring(prefix.length()), transactionalId, groupId, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}

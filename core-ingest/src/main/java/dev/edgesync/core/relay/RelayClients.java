package dev.edgesync.core.relay;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The landing relay's Kafka clients: how its consumer and transactional producer are configured, which transaction
 * errors end a session, and how the consumer is rewound after an abort.
 */
final class RelayClients {

    private RelayClients() {
    }

    /** The consumer's properties: read_committed, manual commits, the relay's group and session timeout. */
    static Map<String, Object> consumerProperties(RelaySettings settings) {
        return consumerProperties(settings, settings.sessionTimeout());
    }

    /**
     * With this session timeout. The client id names the instance's transactional id: {@link OrphanFencer} tells
     * live instances from gone ones by it.
     */
    static Map<String, Object> consumerProperties(RelaySettings settings, Duration sessionTimeout) {
        Map<String, Object> p = new HashMap<>(settings.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, OrphanFencer.consumerClientId(settings.transactionalId()));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // The pattern is re-evaluated on every metadata refresh: this is how fast a new site is picked up.
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) settings.metadataMaxAge().toMillis());
        if ("consumer".equalsIgnoreCase(String.valueOf(p.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            // KIP-848 (core.kafka.client."group.protocol"=consumer): the brokers set session and heartbeat
            // (group.consumer.session.timeout.ms, group.consumer.heartbeat.interval.ms); the client may not.
            return p;
        }
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        // A survivor learns of a rebalance (a crashed member expired) from its next heartbeat, so heartbeats come ten
        // times per session: a tenth of the session is added to a failover, not a third as with Kafka's default.
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, sessionTimeout.toMillis() / 10));
        return p;
    }

    /** The transactional producer's properties, with the relay's transactional id. */
    static Map<String, Object> producerProperties(RelaySettings settings) {
        Map<String, Object> p = new HashMap<>(settings.clientProperties());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.transactionTimeout().toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        // sendOffsetsToTransaction right after a commit is refused (CONCURRENT_TRANSACTIONS) until that commit's
        // markers are written, then retried after retry.backoff.ms: the default 100 ms dominated the relay's
        // latency at low rates. Real errors still back off exponentially up to retry.backoff.max.ms.
        p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        return p;
    }

    /**
     * Whether a failed transaction must end the session (fenced, unknown outcome, interrupted) rather than be
     * aborted and read again.
     */
    static boolean isFatal(KafkaException e) {
        return e instanceof org.apache.kafka.common.errors.ProducerFencedException
                || e instanceof org.apache.kafka.common.errors.InvalidProducerEpochException
                || e instanceof org.apache.kafka.common.errors.OutOfOrderSequenceException
                || e instanceof org.apache.kafka.common.errors.AuthorizationException
                || e instanceof org.apache.kafka.common.errors.UnsupportedVersionException
                || e instanceof org.apache.kafka.common.errors.TimeoutException
                || e instanceof org.apache.kafka.clients.consumer.CommitFailedException
                || e instanceof org.apache.kafka.common.errors.InterruptException
                || e instanceof WakeupException;
    }

    /** Positions every assigned partition at its committed offset (or the beginning if none), after an abort. */
    static void rewind(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> assigned = c.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata om = committed.get(tp);
            if (om == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, om);
            }
        }
    }
}

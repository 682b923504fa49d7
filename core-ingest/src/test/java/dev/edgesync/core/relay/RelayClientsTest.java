package dev.edgesync.core.relay;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RelayClientsTest {

    private static RelaySettings settings(Map<String, Object> client) {
        return new RelaySettings(client, "relay-group", "core-ingest-relay-a", Duration.ofMillis(200),
                Duration.ofSeconds(3), 500, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    @Test
    void theConsumerReadsCommittedDataOnlyAndCommitsThroughTransactions() {
        Map<String, Object> p = RelayClients.consumerProperties(settings(Map.of("bootstrap.servers", "centre:9092")));
        assertThat(p).containsEntry("bootstrap.servers", "centre:9092")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "relay-group")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "core-ingest-relay-a-consumer")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_500)
                .containsEntry(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 3_000);
    }

    @Test
    void theSessionTimeoutCanBeLoweredForOneSessionAndHeartbeatsComeTenTimesWithinIt() {
        Map<String, Object> p = RelayClients.consumerProperties(settings(Map.of()), Duration.ofSeconds(3));
        assertThat(p).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 3_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, OrphanFencer.consumerClientId("core-ingest-relay-a"));
    }

    @Test
    void withTheConsumerGroupProtocolTheBrokersSetSessionAndHeartbeat() {
        Map<String, Object> p = RelayClients.consumerProperties(settings(Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer")),
                Duration.ofSeconds(3));
        assertThat(p).doesNotContainKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 3_000);
    }

    @Test
    void theProducerIsTransactionalUnderTheInstancesIdAndKeepsAConfiguredRetryBackoff() {
        Map<String, Object> p = RelayClients.producerProperties(settings(Map.of()));
        assertThat(p).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "core-ingest-relay-a")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000)
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        assertThat(RelayClients.producerProperties(settings(Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50))))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    }

    @Test
    void fencingAndUnknownOutcomesEndTheSessionOtherErrorsAbortTheBatch() {
        assertThat(RelayClients.isFatal(new ProducerFencedException("fenced"))).isTrue();
        assertThat(RelayClients.isFatal(new TimeoutException("commit outcome unknown"))).isTrue();
        assertThat(RelayClients.isFatal(new CommitFailedException())).isTrue();
        assertThat(RelayClients.isFatal(new TopicAuthorizationException("no"))).isTrue();
        assertThat(RelayClients.isFatal(new KafkaException("send failed"))).isFalse();
    }
}

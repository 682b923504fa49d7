package dev.edgesync.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedKafkaClusterIT {

    @TempDir
    Path dir;

    @Test
    void acknowledgedRecordsSurviveTheLossOfTheLeaderAndTheNodeCatchesUpOnRestart() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().dataDir(dir).nodes(3).build().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 3))).all().get();
            TopicDescription before = describe(admin);
            assertThat(before.partitions().get(0).replicas()).hasSize(3);
            assertThat(admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "orders"))).all().get().values().iterator().next()
                    .get("min.insync.replicas").value()).isEqualTo("2");

            try (KafkaProducer<String, String> p = producer(cluster.bootstrapServers())) {
                for (int i = 0; i < 500; i++) {
                    p.send(new ProducerRecord<>("orders", "k", "v" + i)).get();
                }
                int leader = before.partitions().get(0).leader().id();
                cluster.stopNode(leader - 1);
                // acks=all with two in-sync replicas left: every send still succeeds, on the new leader.
                for (int i = 500; i < 1000; i++) {
                    p.send(new ProducerRecord<>("orders", "k", "v" + i)).get();
                }
                assertThat(describe(admin).partitions().get(0).leader().id()).isNotEqualTo(leader);
                cluster.startNode(leader - 1);
                await().atMost(Duration.ofSeconds(60)).until(() -> describe(admin).partitions().get(0).isr().size() == 3);
            }
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> c = consumer(cluster.bootstrapServers())) {
                c.assign(Set.of(new TopicPartition("orders", 0)));
                c.seekToBeginning(c.assignment());
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < 1000 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                expected.add("v" + i);
            }
            assertThat(values).containsExactlyElementsOf(expected);
        }
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }
}

package dev.edgesync.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dir;

    @Test
    void restartOnSameDataDirKeepsEveryRecord() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build().start();
        String bootstrap = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("keep", 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = producer(bootstrap)) {
            for (int i = 0; i < 1000; i++) {
                p.send(new ProducerRecord<>("keep", "k" + (i % 7), "v" + i)).get();
            }
        }
        broker.close();
        broker.close(); // idempotent
        assertThat(broker.isRunning()).isFalse();

        broker.start();
        broker.start(); // idempotent
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listTopics().names().get()).contains("keep");
        }
        List<String> values = readAll(bootstrap, "keep", 2);
        assertThat(values).hasSize(1000);
        assertThat(Set.copyOf(values)).hasSize(1000).contains("v0", "v999");
        broker.close();
        assertThat(dir.resolve("kafka-logs/meta.properties")).exists();
    }

    @Test
    void extraListenerServesClientsOnItsOwnPort() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().extraListener("EDGE", 0, "127.0.0.1", 0).build().start()) {
            String edge = broker.bootstrapServers("EDGE");
            assertThat(edge).isNotEqualTo(broker.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, edge))) {
                admin.createTopics(List.of(new NewTopic("via-edge", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> p = producer(edge)) {
                p.send(new ProducerRecord<>("via-edge", "k", "v")).get();
            }
            assertThat(readAll(broker.bootstrapServers(), "via-edge", 1)).containsExactly("v");
        }
    }

    @Test
    void tempDirBrokerDeletesItsDataOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        Path data = broker.dataDir();
        assertThat(data).exists();
        broker.close();
        assertThat(data).doesNotExist();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(String bootstrap, String topic, int partitions) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline
                    && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}

package dev.edgesync.bench;

import dev.edgesync.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Latency baseline: the same shape as the product's path — a plain produce, then a chain of consume-transform-produce
 * hops, each one Kafka transaction per polled batch with its offsets, read_committed — written with bare Kafka
 * clients on one embedded broker that fsyncs every append (as the edge's). What it costs is what exactly-once
 * hops cost on this machine, without any of our code.
 */
final class TransactionalHops {

    private final Path dir;
    private final int hops;
    private final int rate;
    private final Duration duration;

    TransactionalHops(Path dir, int hops, int rate, Duration duration) {
        this.dir = dir;
        this.hops = hops;
        this.rate = rate;
        this.duration = duration;
    }

    private Duration warmup = Duration.ofSeconds(5);

    /** Posted at the rate before the measured duration, not counted. */
    TransactionalHops warmup(Duration w) {
        this.warmup = w;
        return this;
    }

    /** Sorted end-to-end latencies in ms, warm-up excluded. */
    List<Long> run() throws Exception {
        List<Long> lat = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).port(0)
                .config("log.flush.interval.messages", "1").deleteDataOnClose(true).build().start()) {
            String bs = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bs))) {
                List<NewTopic> topics = new ArrayList<>();
                for (int h = 0; h <= hops; h++) {
                    topics.add(new NewTopic("hop" + h, 3, (short) 1));
                }
                admin.createTopics(topics).all().get();
            }
            for (int h = 0; h < hops; h++) {
                int hop = h;
                threads.add(start(() -> relay(bs, hop, running)));
            }
            long warmupUntil = System.nanoTime() + warmup.toNanos();
            threads.add(start(() -> sink(bs, lat, running, warmupUntil)));
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<Long, Long> p = new KafkaProducer<>(pp, new LongSerializer(), new LongSerializer())) {
                int total = (int) (rate * (warmup.toSeconds() + duration.toSeconds()));
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    Pace.awaitDue(start, i, rate);
                    // The value is the send time: the 202 of the real path comes after the same acked append.
                    p.send(new ProducerRecord<>("hop0", (long) i, System.nanoTime())).get();
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        List<Long> sorted = new ArrayList<>(lat);
        Collections.sort(sorted);
        return sorted;
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r, "tx-hops");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void relay(String bs, int hop, AtomicBoolean running) {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "hop" + hop);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hop" + hop);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Same client setting as the product's transactional producers (see CoreClients).
        pp.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        try (KafkaConsumer<Long, Long> c = new KafkaConsumer<>(cp, new LongDeserializer(), new LongDeserializer());
             KafkaProducer<Long, Long> p = new KafkaProducer<>(pp, new LongSerializer(), new LongSerializer())) {
            p.initTransactions();
            c.subscribe(List.of("hop" + hop));
            while (running.get()) {
                ConsumerRecords<Long, Long> rs = c.poll(Duration.ofMillis(200));
                if (rs.isEmpty()) {
                    continue;
                }
                p.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<Long, Long> r : rs) {
                    p.send(new ProducerRecord<>("hop" + (hop + 1), r.partition(), r.key(), r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                p.sendOffsetsToTransaction(offsets, c.groupMetadata());
                p.commitTransaction();
            }
        } catch (WakeupException e) {
            // stopping
        }
    }

    private void sink(String bs, List<Long> lat, AtomicBoolean running, long warmupUntil) {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "sink");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<Long, Long> c = new KafkaConsumer<>(cp, new LongDeserializer(), new LongDeserializer())) {
            c.subscribe(List.of("hop" + hops));
            while (running.get()) {
                for (ConsumerRecord<Long, Long> r : c.poll(Duration.ofMillis(100))) {
                    if (r.value() > warmupUntil) {
                        lat.add((System.nanoTime() - r.value()) / 1_000_000);
                    }
                }
            }
        }
    }
}

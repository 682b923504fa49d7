package dev.edgesync.core.onboarding;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.core.sites.SiteCodec;
import dev.edgesync.core.sites.SiteDeclaration;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.protocol.SiteTopics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Adds a site to the centre in one call: creates its topics ({@link SiteTopics}), records its declaration in
 * {@code _core.sites}, and returns the edge configuration to install. Safe to repeat: existing topics are kept
 * (a partition count that differs is a conflict), new streams are added.
 */
@ApplicationScoped
public class SiteOnboarding {

    private static final Logger LOG = Logger.getLogger(SiteOnboarding.class);
    private static final long TIMEOUT_S = 30;

    private final CoreConfig config;
    private final CentreKafka centre;
    private final SiteRegistry registry;
    private final Clock clock = Clock.systemUTC();

    public SiteOnboarding(CoreConfig config, CentreKafka centre, SiteRegistry registry) {
        this.config = config;
        this.centre = centre;
        this.registry = registry;
    }

    /** What one onboarding did and what the site must be told. */
    public record Onboarded(SiteDeclaration site, List<String> createdTopics, List<String> existingTopics,
                            String edgeConfig) {
        public boolean created() {
            return existingTopics.isEmpty();
        }
    }

    public Onboarded onboard(OnboardingRequest req) {
        SiteDeclaration known = req == null || req.id() == null ? null : registry.declaration(req.id()).orElse(null);
        SitePlan plan = SitePlan.of(req, known, config.onboarding().defaultPartitions(), clock.instant());
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        try (Admin admin = centre.admin()) {
            createTopics(admin, plan.topics(), created, existing);
        }
        SiteDeclaration d = plan.declaration();
        record(d);
        registry.apply(d);
        LOG.infof("Site %s onboarded (region %s, cloud %s, streams %s): created %s, already there %s",
                d.site(), d.region(), d.cloud(), d.streams(), created, existing);
        String bootstrap = config.onboarding().edgeBootstrapServers().orElse(centre.edgeBootstrapServers());
        return new Onboarded(d, created, existing, EdgeConfigTemplate.render(d, bootstrap));
    }

    private void createTopics(Admin admin, List<SiteTopics.Spec> specs, List<String> created, List<String> existing) {
        var rf = config.analytics().replicationFactor();
        Optional<Short> replication = rf.isPresent() ? Optional.of((short) rf.getAsInt()) : Optional.empty();
        List<String> conflicts = new ArrayList<>();
        for (SiteTopics.Spec spec : specs) {
            Optional<Integer> partitions = partitions(admin, spec.name());
            if (partitions.isEmpty()) {
                try {
                    await(admin.createTopics(List.of(new NewTopic(spec.name(), Optional.of(spec.partitions()), replication)
                            .configs(spec.configs()))).all(), "create topic " + spec.name());
                    created.add(spec.name());
                    continue;
                } catch (TopicExistsException raced) {
                    partitions = partitions(admin, spec.name());
                }
            }
            existing.add(spec.name());
            if (partitions.isPresent() && partitions.get() != spec.partitions()) {
                conflicts.add(spec.name() + " exists with " + partitions.get() + " partitions, not " + spec.partitions()
                        + "; partition p ships to partition p, so declare the stream with " + partitions.get());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new InvalidOnboardingException(conflicts, true);
        }
    }

    private static Optional<Integer> partitions(Admin admin, String topic) {
        try {
            Map<String, TopicDescription> d = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic);
            return Optional.of(d.get(topic).partitions().size());
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    private void record(SiteDeclaration d) {
        Map<String, Object> p = new HashMap<>(centre.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "core-ingest-onboarding");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            await(producer.send(new ProducerRecord<>(CoreTopics.SITES, SiteCodec.key(d), SiteCodec.value(d))),
                    "record site " + d.site() + " in " + CoreTopics.SITES);
        }
    }

    /** Waits for a Kafka future; a Kafka error comes out as itself, anything else as IllegalStateException. */
    private static <T> T await(Future<T> f, String what) {
        try {
            return f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException k) {
                throw k;
            }
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + TIMEOUT_S + " s: " + what + "; is the centre reachable?", e);
        }
    }
}

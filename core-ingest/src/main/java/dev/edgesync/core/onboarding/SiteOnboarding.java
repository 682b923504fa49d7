package dev.edgesync.core.onboarding;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.CentreWriter;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.core.relay.StreamRouting;
import dev.edgesync.core.sites.SiteCodec;
import dev.edgesync.core.sites.SiteDeclaration;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.protocol.SiteTopics;
import dev.edgesync.protocol.downlink.ControlTopics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Adds a site to the centre in one call: creates its topics ({@link SiteTopics}, the analytics topics its streams
 * are routed to from its region, and the downlink topics that can address it ({@link ControlTopics})), records its
 * declaration (the registration its data is routed by) in
 * {@code _core.sites}, and returns the edge configuration to install. Safe to repeat: existing topics are kept
 * (a partition count that differs is a conflict), new streams are added. With {@code core.onboarding.credentials}
 * on, it also grants the site's ACLs, makes its user and sets its client quotas ({@link SiteQuotas}); a password is issued on the first onboarding only, and
 * again only by {@link #rotate}. Passwords are never logged.
 */
@ApplicationScoped
public class SiteOnboarding {

    private static final Logger LOG = Logger.getLogger(SiteOnboarding.class);

    private final CoreConfig config;
    private final CentreKafka centre;
    private final SiteRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final CredentialMode mode;
    private final SiteCredentials credentials;
    private final CentreWriter writer;
    private final SiteQuotas quotas;
    private final StreamRouting routing;

    public SiteOnboarding(CoreConfig config, CentreKafka centre, SiteRegistry registry, CentreWriter writer) {
        this.writer = writer;
        this.config = config;
        this.centre = centre;
        this.registry = registry;
        this.mode = CredentialMode.parse(config.onboarding().credentials()).orElse(CredentialMode.NONE);
        this.credentials = new SiteCredentials(config.onboarding().userPrefix());
        this.quotas = new SiteQuotas(config.onboarding().producerByteRate());
        Map<String, String> byStream = new TreeMap<>();
        config.streams().forEach((name, st) -> byStream.put(name, st.routing()));
        this.routing = StreamRouting.fromConfig(byStream);
    }

    /**
     * What one onboarding did and what the site must be told.
     *
     * @param user        the site's user at the centre; null when core-ingest does not manage credentials
     * @param edgeSecrets the secret file's content when a password was issued by this call, else null
     */
    public record Onboarded(SiteDeclaration site, List<String> createdTopics, List<String> existingTopics,
                            String edgeConfig, String user, String edgeSecrets) {
        public boolean created() {
            return existingTopics.isEmpty();
        }
    }

    /** A new password of a site's user: the secret file's content to install on its box. */
    public record Rotated(String site, String user, String edgeSecrets) {
    }

    public Onboarded onboard(OnboardingRequest req) {
        SiteDeclaration known = req == null || req.id() == null ? null : registry.declaration(req.id()).orElse(null);
        // Milliseconds, as _core.sites stores it: the answer then equals what every instance reads back later.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CoreConfig.Onboarding o = config.onboarding();
        SitePlan plan = SitePlan.of(req, known, o.defaultPartitions(),
                new SitePlan.Limits(o.maxStreamsPerSite(), o.maxPartitionsPerStream()), now);
        if (known == null && registry.get(plan.declaration().site()).isEmpty()
                && registry.list().size() >= o.maxSites()) {
            throw new InvalidOnboardingException(List.of("the centre knows " + registry.list().size()
                    + " sites, core.onboarding.max-sites=" + o.maxSites() + ": no new site is taken"), true);
        }
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        SiteDeclaration d = plan.declaration();
        Optional<String> password = Optional.empty();
        try (Admin admin = centre.admin()) {
            createTopics(admin, plan.topics(), created, existing);
            createControlTopics(admin, d);
            created.addAll(createAnalyticsTopics(admin, d));
            if (mode == CredentialMode.SCRAM_SHA_512) {
                password = credentials.ensure(admin, d.site(), d.region(), d.cloud(), false);
                quotas.apply(admin, credentials.user(d.site()));
            }
        }
        record(d);
        registry.apply(d);
        LOG.infof("Site %s onboarded (region %s, cloud %s, streams %s): created %s, already there %s%s",
                d.site(), d.region(), d.cloud(), d.streams(), created, existing, credentialNote(d.site(), password));
        String bootstrap = config.onboarding().edgeBootstrapServers().orElse(centre.edgeBootstrapServers());
        EdgeConfigTemplate.Link link = new EdgeConfigTemplate.Link(config.onboarding().edgeKafka(),
                mode == CredentialMode.SCRAM_SHA_512, config.onboarding().edgeSecretsFile());
        String user = mode == CredentialMode.NONE ? null : credentials.user(d.site());
        return new Onboarded(d, created, existing, EdgeConfigTemplate.render(d, bootstrap, link), user,
                password.map(pw -> EdgeConfigTemplate.secrets(user, pw)).orElse(null));
    }

    /**
     * Gives an onboarded site's user a new password (the old one stops working at once) and grants its ACLs again.
     *
     * @return empty if the site was never onboarded
     * @throws InvalidOnboardingException (conflict) when core-ingest does not manage credentials
     */
    public Optional<Rotated> rotate(String site) {
        if (mode == CredentialMode.NONE) {
            throw new InvalidOnboardingException(List.of("core.onboarding.credentials=none: core-ingest does not manage"
                    + " site credentials here; rotate them where they are made (e.g. the site's KafkaUser)"), true);
        }
        Optional<SiteDeclaration> d = registry.declaration(site);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        String password;
        try (Admin admin = centre.admin()) {
            password = credentials.ensure(admin, site, d.get().region(), d.get().cloud(), true).orElseThrow();
        }
        String user = credentials.user(site);
        LOG.infof("Site %s: new password set for user %s; the old one no longer logs in", site, user);
        return Optional.of(new Rotated(site, user, EdgeConfigTemplate.secrets(user, password)));
    }

    private String credentialNote(String site, Optional<String> password) {
        if (mode == CredentialMode.NONE) {
            return "";
        }
        return password.isPresent() ? "; user " + credentials.user(site) + " created with ACLs"
                : "; user " + credentials.user(site) + " kept its password, ACLs granted";
    }

    private void createTopics(Admin admin, List<SiteTopics.Spec> specs, List<String> created, List<String> existing) {
        Optional<Short> replication = CoreTopics.of(admin, config).replicationFactor();
        List<String> conflicts = new ArrayList<>();
        for (SiteTopics.Spec spec : specs) {
            Optional<Integer> partitions = partitions(admin, spec.name());
            if (partitions.isEmpty()) {
                try {
                    KafkaCalls.await(admin.createTopics(List.of(new NewTopic(spec.name(), Optional.of(spec.partitions()), replication)
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
        stampWithAppendTime(admin, existing);
    }

    /**
     * Site topics made before they were stamped with the centre's append time are switched to it, so onboarding a
     * site again fixes them: an edge clock hours ahead is then no longer refused. Setting it again is a no-op.
     */
    private static void stampWithAppendTime(Admin admin, List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new TreeMap<>(
                java.util.Comparator.comparing(ConfigResource::name));
        List<AlterConfigOp> set = SiteTopics.APPEND_TIME.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
        topics.forEach(t -> ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t), set));
        KafkaCalls.await(admin.incrementalAlterConfigs(ops).all(), "stamp " + topics + " with the append time");
    }

    /**
     * The downlink topics that can address the site ({@link ControlTopics#readableBy}), so its edge finds them and its
     * ACLs name topics that exist; shared ones (broadcast, region, cloud) usually exist already.
     */
    private void createControlTopics(Admin admin, SiteDeclaration d) {
        CoreTopics topics = CoreTopics.of(admin, config);
        ControlTopics.readableBy(d.site(), d.region(), d.cloud()).forEach(topics::ensureControl);
    }

    /**
     * The analytics topics the site's streams are routed to from its region (per {@code core.streams.<s>.routing}):
     * made here, never from what a record says, so the relay only ever writes topics that registrations made. Returns
     * the ones this call created; those that existed are shared with other sites, so not reported as the site's.
     */
    private List<String> createAnalyticsTopics(Admin admin, SiteDeclaration d) {
        List<String> wanted = d.streams().keySet().stream().map(s -> routing.analyticsTopic(s, d.region())).distinct().sorted().toList();
        return CoreTopics.of(admin, config).ensureAnalytics(wanted);
    }

    private static Optional<Integer> partitions(Admin admin, String topic) {
        try {
            Map<String, TopicDescription> d = KafkaCalls.await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic);
            return Optional.of(d.get(topic).partitions().size());
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    private void record(SiteDeclaration d) {
        KafkaCalls.await(writer.send(new ProducerRecord<>(CoreTopics.SITES, SiteCodec.key(d), SiteCodec.value(d))),
                "record site " + d.site() + " in " + CoreTopics.SITES);
    }
}

package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.sites.RegistryTail;
import dev.edgesync.core.sites.SiteCodec;
import dev.edgesync.core.sites.SiteLocation;
import dev.edgesync.core.sites.SiteRegistration;
import dev.edgesync.core.sites.SiteRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Before the landing relay routes a batch, makes sure the registry knows the registration of every site in it that it
 * can (registering a site by its first record when the mode says so).
 */
final class SiteRegistrar {

    // Logged as the relay, as before this class was carved out of it, so log filters keep working.
    private static final Logger LOG = Logger.getLogger(LandingRelay.class);

    private final RelaySettings settings;
    private final SiteRegistry registry;
    private final LandingRouter router;
    private final SiteRegistrationMode registration;
    private final Clock clock;

    SiteRegistrar(RelaySettings settings, SiteRegistry registry, LandingRouter router, SiteRegistrationMode registration,
                  Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.router = router;
        this.registration = registration;
        this.clock = clock;
    }

    /**
     * Makes sure the registry knows the registration of every site in {@code records} that it can: in
     * {@link SiteRegistrationMode#FIRST_RECORD} mode, a site without one is registered with what its first record here
     * claims, in a transaction of its own committed before any of its records is routed; then (either mode) the
     * registry is read to its end. Every instance takes the earliest registration of a site in {@code _core.sites}, so
     * when two instances register one site at once, both route by the same one. False if the registration's
     * transaction was aborted (the batch is read again).
     */
    boolean register(KafkaProducer<byte[], byte[]> producer, ConsumerRecords<byte[], byte[]> records, RegistryTail tail) {
        Set<String> unknown = new TreeSet<>();
        Map<String, SiteRegistration> claims = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Optional<LandingRouter.Claim> claim = router.claim(r);
            if (claim.isEmpty() || registry.location(claim.get().site()).isPresent()) {
                continue;
            }
            LandingRouter.Claim cl = claim.get();
            unknown.add(cl.site());
            if (registration == SiteRegistrationMode.FIRST_RECORD) {
                claims.putIfAbsent(cl.site(), new SiteRegistration(cl.site(), cl.region(), cl.cloud(),
                        clock.instant().truncatedTo(ChronoUnit.MILLIS), settings.transactionalId()));
            }
        }
        if (unknown.isEmpty()) {
            return true;
        }
        if (!claims.isEmpty()) {
            producer.beginTransaction();
            try {
                for (SiteRegistration reg : claims.values()) {
                    // One partition for every registration, so "earliest" is one order for all of them.
                    producer.send(new ProducerRecord<>(CoreTopics.SITES, 0, SiteCodec.key(reg), SiteCodec.value(reg)));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                if (RelayClients.isFatal(e)) {
                    throw e;
                }
                LOG.warnf("Registering sites %s aborted: %s; their batch will be read again", claims.keySet(), e.toString());
                producer.abortTransaction();
                return false;
            }
        }
        // Also picks up a site onboarded a moment ago, whose declaration this instance has not read yet.
        tail.catchUp(settings.transactionTimeout());
        for (String site : unknown) {
            Optional<SiteLocation> at = registry.location(site);
            if (at.isPresent() && claims.containsKey(site)) {
                LOG.infof("Site %s registered by its first record: region %s, cloud %s (its records claiming another go"
                        + " to %s)", site, at.get().region(), at.get().cloud(), CoreTopics.DLQ);
            } else if (at.isEmpty()) {
                LOG.warnf("Site %s is not registered (%s=%s): its records go to %s; onboard it with POST /v1/sites",
                        site, "core.relay.site-registration", registration.key(), CoreTopics.DLQ);
            }
        }
        return true;
    }
}

package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.sites.SiteLocation;
import dev.edgesync.protocol.ProtocolVersion;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Decides where one landed record goes: an analytics topic with router headers, or {@value CoreTopics#DLQ} with a
 * {@value #DLQ_REASON} header. Nothing is dropped.
 *
 * <p>Checks, in order (the first failing one names the reason):
 * <ol>
 *   <li>the topic is a landing data topic ({@code not-a-landing-topic});</li>
 *   <li>{@code edge_site} is present ({@code missing-site}) and equals the topic's site
 *       ({@code site-mismatch}): a site can only speak for itself;</li>
 *   <li>{@code edge_protocol} is present ({@code missing-protocol-version}), a number
 *       ({@code bad-protocol-version}) and supported ({@code unsupported-protocol-version});</li>
 *   <li>{@code edge_region} and {@code edge_cloud} are present ({@code missing-region}, {@code missing-cloud}) and
 *       valid ids ({@code bad-region}, {@code bad-cloud}): what the record claims;</li>
 *   <li>the site has a registration at the centre ({@code unregistered-site}): onboarded, or registered by its first
 *       record where that is allowed;</li>
 *   <li>the claimed region and cloud are the registered ones ({@code region-mismatch}, {@code cloud-mismatch}): a
 *       site cannot move its data into another region's topic;</li>
 *   <li>the analytics topic exists ({@code missing-topic}): topics come from registrations, never from data.</li>
 * </ol>
 * A relayed record goes to {@code analytics.<stream>} ({@code headers} routing, the default) or
 * {@code analytics.<region>.<stream>} ({@code per-region}), region from the registration. Either way it keeps key,
 * value, timestamp and every header except any {@code route_*} header it arrived with (only the centre routes), and
 * gets {@code route_site} from its landing topic and {@code route_region/cloud} from the registration.
 */
public final class LandingRouter {

    public static final String DLQ_REASON = "dlq_reason";
    public static final String DLQ_SOURCE_TOPIC = "dlq_source_topic";
    public static final String DLQ_SOURCE_PARTITION = "dlq_source_partition";
    public static final String DLQ_SOURCE_OFFSET = "dlq_source_offset";

    /** Where a record goes and why. */
    public sealed interface Outcome permits Relayed, DeadLettered {
        ProducerRecord<byte[], byte[]> record();

        /** The site of the landing topic (from the topic name, not the header), or null if the topic is not a landing topic. */
        String site();
    }

    public record Relayed(ProducerRecord<byte[], byte[]> record, String site, String stream, String region, String cloud)
            implements Outcome {
    }

    public record DeadLettered(ProducerRecord<byte[], byte[]> record, String site, String reason) implements Outcome {
        /** The reason's code, e.g. {@code region-mismatch}: the part before the first colon. */
        public String reasonCode() {
            int i = reason.indexOf(':');
            return i < 0 ? reason : reason.substring(0, i);
        }
    }

    /** What a record that passed the header checks says about its site: the site, stream, region and cloud. */
    public record Claim(String site, String stream, String region, String cloud) {
    }

    private final StreamRouting routing;

    /** Every stream routed by headers. */
    public LandingRouter() {
        this(StreamRouting.ALL_HEADERS);
    }

    public LandingRouter(StreamRouting routing) {
        this.routing = routing;
    }

    /** The site, region and cloud {@code r} claims, if it passes the header checks (1-4); what may register a site. */
    public Optional<Claim> claim(ConsumerRecord<byte[], byte[]> r) {
        return check(r) instanceof Claim c ? Optional.of(c) : Optional.empty();
    }

    /**
     * Routes {@code r}; {@code locations} gives a site's registration, {@code partitionsOf} the partition count of an
     * analytics topic (empty if it does not exist).
     */
    public Outcome route(ConsumerRecord<byte[], byte[]> r, Function<String, Optional<SiteLocation>> locations,
                         Function<String, OptionalInt> partitionsOf) {
        Object checked = check(r);
        if (checked instanceof DeadLettered d) {
            return d;
        }
        Claim claim = (Claim) checked;
        String site = claim.site();
        Optional<SiteLocation> registered = locations.apply(site);
        if (registered.isEmpty()) {
            return dead(r, site, "unregistered-site: site '" + site + "' is not registered at the centre: onboard it"
                    + " (POST /v1/sites)");
        }
        SiteLocation at = registered.get();
        if (!claim.region().equals(at.region())) {
            return dead(r, site, "region-mismatch: " + SyncHeaders.EDGE_REGION + " '" + claim.region() + "' differs from"
                    + " region '" + at.region() + "' site '" + site + "' is registered in");
        }
        if (!claim.cloud().equals(at.cloud())) {
            return dead(r, site, "cloud-mismatch: " + SyncHeaders.EDGE_CLOUD + " '" + claim.cloud() + "' differs from"
                    + " cloud '" + at.cloud() + "' site '" + site + "' is registered in");
        }
        String topic = routing.analyticsTopic(claim.stream(), at.region());
        OptionalInt partitions = partitionsOf.apply(topic);
        if (partitions.isEmpty()) {
            return dead(r, site, "missing-topic: " + topic + " does not exist; analytics topics are created when a site"
                    + " is onboarded: repeat POST /v1/sites for '" + site + "', or create it");
        }
        int partition = PartitionChooser.choose(r.partition(), r.key(), partitions.getAsInt());
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (!h.key().equals(SyncHeaders.ROUTE_SITE) && !h.key().equals(SyncHeaders.ROUTE_REGION)
                    && !h.key().equals(SyncHeaders.ROUTE_CLOUD)) {
                headers.add(h.key(), h.value());
            }
        }
        headers.add(SyncHeaders.ROUTE_SITE, utf8(site));
        headers.add(SyncHeaders.ROUTE_REGION, utf8(at.region()));
        headers.add(SyncHeaders.ROUTE_CLOUD, utf8(at.cloud()));
        return new Relayed(new ProducerRecord<>(topic, partition, timestamp(r), r.key(), r.value(), headers),
                site, claim.stream(), at.region(), at.cloud());
    }

    /** Checks 1-4: a {@link DeadLettered} for the first that fails, else the record's {@link Claim}. */
    private static Object check(ConsumerRecord<byte[], byte[]> r) {
        Optional<TopicNames.LandingTopic> landing = TopicNames.parseLanding(r.topic());
        if (landing.isEmpty()) {
            return dead(r, null, "not-a-landing-topic: " + r.topic() + " does not match landing.<site>.<stream>");
        }
        String site = landing.get().site();
        String edgeSite = header(r, SyncHeaders.EDGE_SITE);
        if (edgeSite == null) {
            return dead(r, site, "missing-site: no " + SyncHeaders.EDGE_SITE + " header");
        }
        if (!edgeSite.equals(site)) {
            return dead(r, site, "site-mismatch: " + SyncHeaders.EDGE_SITE + " '" + edgeSite
                    + "' differs from the landing topic's site '" + site + "'");
        }
        String version = header(r, SyncHeaders.PROTOCOL_VERSION);
        if (version == null) {
            return dead(r, site, "missing-protocol-version: no " + SyncHeaders.PROTOCOL_VERSION + " header");
        }
        int v;
        try {
            v = Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            return dead(r, site, "bad-protocol-version: " + SyncHeaders.PROTOCOL_VERSION + " '" + version + "' is not a number");
        }
        if (!ProtocolVersion.isSupported(v)) {
            return dead(r, site, "unsupported-protocol-version: " + SyncHeaders.PROTOCOL_VERSION + " " + v
                    + " is not supported (this centre reads 1.." + ProtocolVersion.CURRENT + ")");
        }
        String region = header(r, SyncHeaders.EDGE_REGION);
        if (region == null || region.isBlank()) {
            return dead(r, site, "missing-region: no " + SyncHeaders.EDGE_REGION + " header");
        }
        String cloud = header(r, SyncHeaders.EDGE_CLOUD);
        if (cloud == null || cloud.isBlank()) {
            return dead(r, site, "missing-cloud: no " + SyncHeaders.EDGE_CLOUD + " header");
        }
        if (!TopicNames.isValidId(region)) {
            return dead(r, site, "bad-region: " + SyncHeaders.EDGE_REGION + " '" + region + "' is not a valid region"
                    + " (1-63 lower-case letters, digits or '-', as an edge's edge.site.region must be)");
        }
        if (!TopicNames.isValidId(cloud)) {
            return dead(r, site, "bad-cloud: " + SyncHeaders.EDGE_CLOUD + " '" + cloud + "' is not a valid cloud"
                    + " (1-63 lower-case letters, digits or '-', as an edge's edge.site.cloud must be)");
        }
        return new Claim(site, landing.get().stream(), region, cloud);
    }

    private static DeadLettered dead(ConsumerRecord<byte[], byte[]> r, String site, String reason) {
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        headers.add(DLQ_REASON, utf8(reason));
        headers.add(DLQ_SOURCE_TOPIC, utf8(r.topic()));
        headers.add(DLQ_SOURCE_PARTITION, utf8(String.valueOf(r.partition())));
        headers.add(DLQ_SOURCE_OFFSET, utf8(String.valueOf(r.offset())));
        return new DeadLettered(new ProducerRecord<>(CoreTopics.DLQ, null, timestamp(r), r.key(), r.value(), headers),
                site, reason);
    }

    private static Long timestamp(ConsumerRecord<?, ?> r) {
        return r.timestamp() >= 0 ? r.timestamp() : null;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

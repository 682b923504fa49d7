package dev.edgesync.protocol.downlink;

import dev.edgesync.protocol.TopicNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which centre topic carries a downlink message: one topic per (address, kind), chosen by the most specific part of
 * the target, so that per-topic ACLs let only the sites a message addresses read it. The one rule both sides use.
 * <ul>
 *   <li>a site is given: {@code control.site.<site>.<kind>} (readable by that site only);</li>
 *   <li>a region and a cloud: {@code control.region.<region>.cloud.<cloud>.<kind>} (the sites of both; a region
 *       topic would also reach the region's sites in other clouds);</li>
 *   <li>a region: {@code control.region.<region>.<kind>}; a cloud: {@code control.cloud.<cloud>.<kind>};</li>
 *   <li>{@code *}: {@code control.<kind>}, read by every site (the topic every message went to before).</li>
 * </ul>
 * Ids never contain dots and no kind is named {@code site}, {@code region} or {@code cloud}, so two targets never
 * share a topic. The router headers still carry the whole target: the edge applies a message only if every part
 * matches it (a message for {@code site=s1,region=eu} in s1's topic is not applied if s1 is not in eu).
 */
public final class ControlTopics {

    public static final String PREFIX = "control.";
    private static final String SITE = "site";
    private static final String REGION = "region";
    private static final String CLOUD = "cloud";

    private ControlTopics() {
    }

    /** The topic of a message of {@code kind} for {@code to}. */
    public static String of(DownlinkKind kind, Addressing to) {
        String k = kind.wireName();
        if (!Addressing.ANY.equals(to.site())) {
            return PREFIX + SITE + "." + to.site() + "." + k;
        }
        boolean region = !Addressing.ANY.equals(to.region());
        boolean cloud = !Addressing.ANY.equals(to.cloud());
        if (region && cloud) {
            return PREFIX + REGION + "." + to.region() + "." + CLOUD + "." + to.cloud() + "." + k;
        }
        if (region) {
            return PREFIX + REGION + "." + to.region() + "." + k;
        }
        if (cloud) {
            return PREFIX + CLOUD + "." + to.cloud() + "." + k;
        }
        return PREFIX + k;
    }

    /** The topic of messages of {@code kind} for every edge. */
    public static String broadcast(DownlinkKind kind) {
        return of(kind, Addressing.everyone());
    }

    /**
     * Every topic that can carry a message for an edge of this identity, of every kind: the broadcast, its cloud's,
     * its region's, its region-and-cloud's and its own. A site's ACLs grant exactly these; its edge reads exactly these.
     */
    public static List<String> readableBy(String site, String region, String cloud) {
        TopicNames.requireId(site, "site");
        TopicNames.requireId(region, "region");
        TopicNames.requireId(cloud, "cloud");
        List<String> out = new ArrayList<>();
        for (DownlinkKind kind : DownlinkKind.values()) {
            out.add(broadcast(kind));
            out.add(of(kind, Addressing.cloud(cloud)));
            out.add(of(kind, Addressing.region(region)));
            out.add(of(kind, new Addressing(Addressing.ANY, region, cloud)));
            out.add(of(kind, Addressing.site(site)));
        }
        return out;
    }

    /**
     * The kind and audience of a control topic; empty for any other topic. The audience is the most specific target
     * the topic carries ({@link Addressing#site}, ...; {@link Addressing#everyone()} for a broadcast topic).
     */
    public static Optional<Address> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] p = topic.substring(PREFIX.length()).split("\\.", -1);
        Optional<DownlinkKind> kind = DownlinkKind.parse(p[p.length - 1]);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Addressing scope;
        if (p.length == 1) {
            scope = Addressing.everyone();
        } else if (p.length == 3 && TopicNames.isValidId(p[1]) && SITE.equals(p[0])) {
            scope = Addressing.site(p[1]);
        } else if (p.length == 3 && TopicNames.isValidId(p[1]) && REGION.equals(p[0])) {
            scope = Addressing.region(p[1]);
        } else if (p.length == 3 && TopicNames.isValidId(p[1]) && CLOUD.equals(p[0])) {
            scope = Addressing.cloud(p[1]);
        } else if (p.length == 5 && REGION.equals(p[0]) && CLOUD.equals(p[2]) && TopicNames.isValidId(p[1])
                && TopicNames.isValidId(p[3])) {
            scope = new Addressing(Addressing.ANY, p[1], p[3]);
        } else {
            return Optional.empty();
        }
        return Optional.of(new Address(kind.get(), scope));
    }

    /** A control topic's kind and audience. */
    public record Address(DownlinkKind kind, Addressing scope) {
        public String topic() {
            return of(kind, scope);
        }
    }
}

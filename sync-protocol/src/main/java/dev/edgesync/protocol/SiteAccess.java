package dev.edgesync.protocol;

import dev.edgesync.protocol.downlink.ControlTopics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * What one site's principal may do at the centre, and nothing more (DESIGN §4.1): write and read back its own
 * {@code landing.<site>.} topics (data, checkpoints, heartbeats), use its own transactional ids
 * {@code edge-<site>-}, and read the downlink topics that can address it ({@link ControlTopics#readableBy}: literal
 * names, so a message for another site, region or cloud stays unreadable). No topic creation (onboarding creates the
 * topics), no consumer group (the uplink and downlink assign partitions), nothing on the cluster.
 * {@code deploy/kubernetes/site-user-template.yaml} grants the same.
 */
public final class SiteAccess {

    /** Default prefix of a site's user name: {@code site-<site>}, as the KafkaUser template names it. */
    public static final String DEFAULT_USER_PREFIX = "site-";

    private SiteAccess() {
    }

    /** Prefix of every transactional id of {@code site}: {@code edge-<site>-}. */
    public static String transactionalIdPrefix(String site) {
        return "edge-" + TopicNames.requireId(site, "site") + "-";
    }

    /**
     * The ACL bindings of {@code site}, registered in {@code region} and {@code cloud}, for {@code principal} (e.g.
     * {@code User:site-store-042}), any host.
     */
    public static List<AclBinding> bindings(String site, String region, String cloud, String principal) {
        List<AclBinding> out = new ArrayList<>();
        ResourcePattern own = prefixed(ResourceType.TOPIC, TopicNames.sitePrefix(site));
        ResourcePattern txn = prefixed(ResourceType.TRANSACTIONAL_ID, transactionalIdPrefix(site));
        // Read and Describe on its own topics: at every reconnect the uplink reads its checkpoints and landing tail back.
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
            out.add(allow(own, principal, op));
        }
        out.add(allow(txn, principal, AclOperation.WRITE));
        out.add(allow(txn, principal, AclOperation.DESCRIBE));
        for (String topic : ControlTopics.readableBy(site, region, cloud)) {
            ResourcePattern control = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
            out.add(allow(control, principal, AclOperation.READ));
            out.add(allow(control, principal, AclOperation.DESCRIBE));
        }
        return out;
    }

    /** Whether {@code b} is a downlink grant: a topic ACL on a {@code control.} name, of any pattern type. */
    public static boolean isControlGrant(AclBinding b) {
        return b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().name().startsWith(ControlTopics.PREFIX)
                && b.entry().permissionType() == AclPermissionType.ALLOW;
    }

    /**
     * Denials that keep transactional-id prefixes apart: site ids may contain '-', so {@code edge-store-1-} (site
     * {@code store-1}) also matches {@code edge-store-1-a-sales-0} (site {@code store-1-a}), and store-1 could fence
     * store-1-a's uplink. For {@code site} and every other site whose prefix extends the other's, the shorter one's
     * principal is denied the longer one's prefix (a denial wins over any allow).
     *
     * @param principal the principal of a site id, e.g. {@code s -> "User:site-" + s}
     */
    public static List<AclBinding> overlapDenials(String site, Function<String, String> principal, Collection<String> others) {
        List<AclBinding> out = new ArrayList<>();
        String mine = transactionalIdPrefix(site);
        for (String other : others) {
            String theirs = transactionalIdPrefix(other);
            if (other.equals(site)) {
                continue;
            }
            if (theirs.startsWith(mine)) {
                out.add(deny(prefixed(ResourceType.TRANSACTIONAL_ID, theirs), principal.apply(site)));
            } else if (mine.startsWith(theirs)) {
                out.add(deny(prefixed(ResourceType.TRANSACTIONAL_ID, mine), principal.apply(other)));
            }
        }
        return out;
    }

    private static AclBinding deny(ResourcePattern pattern, String principal) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", AclOperation.ALL, AclPermissionType.DENY));
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    private static AclBinding allow(ResourcePattern pattern, String principal, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}

package dev.edgesync.protocol;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * What one site's principal may do at the centre, and nothing more (DESIGN §4.1): write and read back its own
 * {@code landing.<site>.} topics (data, checkpoints, heartbeats), use its own transactional ids
 * {@code edge-<site>-}, and read the downlink's {@code control.} topics. No topic creation (onboarding creates the
 * topics), no consumer group (the uplink and downlink assign partitions), nothing on the cluster.
 * {@code deploy/kubernetes/site-user-template.yaml} grants the same.
 */
public final class SiteAccess {

    /** Default prefix of a site's user name: {@code site-<site>}, as the KafkaUser template names it. */
    public static final String DEFAULT_USER_PREFIX = "site-";
    /** Prefix of the topics the centre sends to sites. */
    public static final String CONTROL_PREFIX = "control.";

    private SiteAccess() {
    }

    /** Prefix of every transactional id of {@code site}: {@code edge-<site>-}. */
    public static String transactionalIdPrefix(String site) {
        return "edge-" + TopicNames.requireId(site, "site") + "-";
    }

    /** The ACL bindings of {@code site} for {@code principal} (e.g. {@code User:site-store-042}), any host. */
    public static List<AclBinding> bindings(String site, String principal) {
        List<AclBinding> out = new ArrayList<>();
        ResourcePattern own = prefixed(ResourceType.TOPIC, TopicNames.sitePrefix(site));
        ResourcePattern txn = prefixed(ResourceType.TRANSACTIONAL_ID, transactionalIdPrefix(site));
        ResourcePattern control = prefixed(ResourceType.TOPIC, CONTROL_PREFIX);
        // Read and Describe on its own topics: at every reconnect the uplink reads its checkpoints and landing tail back.
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
            out.add(allow(own, principal, op));
        }
        out.add(allow(txn, principal, AclOperation.WRITE));
        out.add(allow(txn, principal, AclOperation.DESCRIBE));
        out.add(allow(control, principal, AclOperation.READ));
        out.add(allow(control, principal, AclOperation.DESCRIBE));
        return out;
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    private static AclBinding allow(ResourcePattern pattern, String principal, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}

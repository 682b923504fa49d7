package dev.edgesync.core.onboarding;

import dev.edgesync.protocol.SiteAccess;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.resource.ResourcePatternFilter;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A site's login at the centre: its SCRAM-SHA-512 user ({@code <prefix><site>}) and the ACLs of {@link SiteAccess},
 * with the denials that keep its transactional ids apart from those of sites whose ids extend one another. Downlink
 * grants it no longer needs (another region or cloud than the one it is registered in now, or the prefixed
 * {@code control.} grant of earlier versions, which let a site read every site's messages) are revoked.
 * A password is made only for a user that has none, or when a rotation is asked for, so repeating onboarding never
 * locks out a box that is running with the password it was given.
 */
public final class SiteCredentials {

    /** Iterations of the SCRAM hash at the centre; the Kafka minimum is 4096. */
    static final int ITERATIONS = 8192;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String userPrefix;

    public SiteCredentials(String userPrefix) {
        this.userPrefix = userPrefix;
    }

    public String user(String site) {
        return userPrefix + TopicNames.requireId(site, "site");
    }

    /**
     * Grants the site's ACLs for where it is registered (already granted ones stay as they are) and revokes downlink
     * grants beyond them, then sets a new password if the user has no SCRAM-SHA-512 credential yet or {@code rotate}
     * is true.
     *
     * @return the new password, to be handed out once; empty if the existing one was kept
     */
    public Optional<String> ensure(Admin admin, String site, String region, String cloud, boolean rotate) {
        String user = user(site);
        List<AclBinding> acls = new ArrayList<>(SiteAccess.bindings(site, region, cloud, "User:" + user));
        acls.addAll(SiteAccess.overlapDenials(site, s -> "User:" + user(s), otherSites(admin, site)));
        KafkaCalls.await(admin.createAcls(acls).all(), "grant the ACLs of " + user);
        revokeOtherControlGrants(admin, "User:" + user, acls);
        if (!rotate && hasScramSha512(admin, user)) {
            return Optional.empty();
        }
        String password = newPassword();
        KafkaCalls.await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password))).all(),
                "set the SCRAM credential of " + user);
        return Optional.of(password);
    }

    private static void revokeOtherControlGrants(Admin admin, String principal, List<AclBinding> wanted) {
        AclBindingFilter mine = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY));
        List<AclBindingFilter> stale = KafkaCalls.await(admin.describeAcls(mine).values(),
                "describe the ACLs of " + principal).stream()
                .filter(b -> SiteAccess.isControlGrant(b) && !wanted.contains(b)).map(AclBinding::toFilter).toList();
        if (!stale.isEmpty()) {
            KafkaCalls.await(admin.deleteAcls(stale).all(), "revoke downlink grants of " + principal);
        }
    }

    /** Sites that have a user of this prefix at the centre: the principals whose transactional ids could overlap. */
    private List<String> otherSites(Admin admin, String site) {
        List<String> users = KafkaCalls.await(admin.describeUserScramCredentials().users(), "list the SCRAM users");
        return users.stream().filter(u -> u.startsWith(userPrefix)).map(u -> u.substring(userPrefix.length()))
                .filter(s -> TopicNames.isValidId(s) && !s.equals(site)).toList();
    }

    private static boolean hasScramSha512(Admin admin, String user) {
        try {
            UserScramCredentialsDescription d = KafkaCalls.await(admin.describeUserScramCredentials(List.of(user))
                    .description(user), "describe the SCRAM credentials of " + user);
            return d.credentialInfos().stream().anyMatch(i -> i.mechanism() == ScramMechanism.SCRAM_SHA_512);
        } catch (ResourceNotFoundException none) {
            return false;
        }
    }

    /** 32 random bytes, URL-safe base64: strong, and safe inside a quoted JAAS option. */
    static String newPassword() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

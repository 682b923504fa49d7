package dev.edgesync.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Topic naming of the contract, on both clusters.
 *
 * <p>Edge: {@code raw.<stream>} (as accepted), {@code curated.<stream>} (after the pipeline, the
 * send buffer), {@code dlq.<stream>} (rejected by the pipeline). Centre: everything a site writes
 * lives under {@code landing.<site>.}: its data in {@code landing.<site>.<stream>} and its own
 * internal topics in {@code landing.<site>._<kind>}, so one prefixed ACL covers a site. Stream names
 * never start with {@code _}, so a data topic and an internal one cannot be confused.
 */
public final class TopicNames {

    /** Site and stream identifiers: lower-case letters, digits and dashes; no dots, which separate name parts. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final String LANDING_PREFIX = "landing.";
    /** Matches every site's data topics and none of their internal topics. */
    public static final Pattern LANDING_DATA = Pattern.compile("landing\\.([a-z0-9][a-z0-9-]{0,62})\\.([a-z0-9][a-z0-9-]{0,62})");

    /** Matches every site's heartbeat topic; group 1 is the site. */
    public static final Pattern HEARTBEATS = Pattern.compile("landing\\.([a-z0-9][a-z0-9-]{0,62})\\._heartbeats");

    private TopicNames() {
    }

    public static String raw(String stream) {
        return "raw." + requireId(stream, "stream");
    }

    public static String curated(String stream) {
        return "curated." + requireId(stream, "stream");
    }

    public static String dlq(String stream) {
        return "dlq." + requireId(stream, "stream");
    }

    public static String landing(String site, String stream) {
        return LANDING_PREFIX + requireId(site, "site") + "." + requireId(stream, "stream");
    }

    /** The site's compacted checkpoint topic at the centre. */
    public static String checkpoints(String site) {
        return LANDING_PREFIX + requireId(site, "site") + "._checkpoints";
    }

    /** The site's heartbeat topic at the centre. */
    public static String heartbeats(String site) {
        return LANDING_PREFIX + requireId(site, "site") + "._heartbeats";
    }

    /** Prefix that one site's ACLs cover. */
    public static String sitePrefix(String site) {
        return LANDING_PREFIX + requireId(site, "site") + ".";
    }

    public static String analytics(String stream) {
        return "analytics." + requireId(stream, "stream");
    }

    public static String analytics(String region, String stream) {
        return "analytics." + requireId(region, "region") + "." + requireId(stream, "stream");
    }

    /** Site and stream of a landing data topic; empty for anything else (internal topics included). */
    public static Optional<LandingTopic> parseLanding(String topic) {
        var m = LANDING_DATA.matcher(topic);
        return m.matches() ? Optional.of(new LandingTopic(m.group(1), m.group(2))) : Optional.empty();
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Returns {@code id} if valid, else throws naming {@code what} and the rule. */
    public static String requireId(String id, String what) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException(what + " '" + id + "' is not a valid name: use 1-63 lower-case letters,"
                    + " digits or '-', starting with a letter or digit");
        }
        return id;
    }

    /** A landing data topic's parts. */
    public record LandingTopic(String site, String stream) {
        public String topic() {
            return landing(site, stream);
        }
    }
}

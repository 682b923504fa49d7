package dev.edgesync.protocol.downlink;

import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;

/**
 * Who a downlink message is for, carried in the router headers ({@code route_site}, {@code route_region},
 * {@code route_cloud}). Each is a name or {@code *}; an edge applies a message when every part that is not
 * {@code *} equals its own. All three {@code *} address every edge.
 */
public record Addressing(String site, String region, String cloud) {

    public static final String ANY = SyncHeaders.ROUTE_ANY;

    public Addressing {
        site = check(site, "site");
        region = check(region, "region");
        cloud = check(cloud, "cloud");
    }

    public static Addressing everyone() {
        return new Addressing(ANY, ANY, ANY);
    }

    public static Addressing site(String site) {
        return new Addressing(site, ANY, ANY);
    }

    public static Addressing region(String region) {
        return new Addressing(ANY, region, ANY);
    }

    public static Addressing cloud(String cloud) {
        return new Addressing(ANY, ANY, cloud);
    }

    /** True if an edge with this identity should apply the message. */
    public boolean matches(String edgeSite, String edgeRegion, String edgeCloud) {
        return part(site, edgeSite) && part(region, edgeRegion) && part(cloud, edgeCloud);
    }

    public boolean isEveryone() {
        return ANY.equals(site) && ANY.equals(region) && ANY.equals(cloud);
    }

    /** As in logs and answers: {@code site=store-1,region=*,cloud=*}. */
    @Override
    public String toString() {
        return "site=" + site + ",region=" + region + ",cloud=" + cloud;
    }

    private static boolean part(String wanted, String actual) {
        return ANY.equals(wanted) || wanted.equals(actual);
    }

    private static String check(String value, String what) {
        if (value == null) {
            return ANY;
        }
        return ANY.equals(value) ? value : TopicNames.requireId(value, what);
    }
}

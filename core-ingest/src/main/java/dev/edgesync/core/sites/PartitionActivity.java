package dev.edgesync.core.sites;

/** What one relay batch did with one landing partition; mutable, owned by the batch being built. */
public final class PartitionActivity {

    private long relayed;
    private long deadLettered;
    private String region;
    private String cloud;
    private long nextLandingOffset;
    private long lastEdgeOffset = -1;

    /** A record at {@code landingOffset} went to analytics. */
    public void relayed(long landingOffset, String region, String cloud, long edgeOffset) {
        relayed++;
        this.region = region;
        this.cloud = cloud;
        if (edgeOffset >= 0) {
            lastEdgeOffset = edgeOffset;
        }
        passed(landingOffset);
    }

    /** A record at {@code landingOffset} failed checks and went to the dead-letter topic. */
    public void deadLettered(long landingOffset) {
        deadLettered++;
        passed(landingOffset);
    }

    private void passed(long landingOffset) {
        nextLandingOffset = Math.max(nextLandingOffset, landingOffset + 1);
    }

    public long relayed() {
        return relayed;
    }

    public long deadLettered() {
        return deadLettered;
    }

    /** Region of the last relayed record of the batch, null if none was relayed. */
    public String region() {
        return region;
    }

    public String cloud() {
        return cloud;
    }

    public long nextLandingOffset() {
        return nextLandingOffset;
    }

    public long lastEdgeOffset() {
        return lastEdgeOffset;
    }
}

package dev.edgesync.core.sites;

import java.util.HashMap;
import java.util.Map;

/** What one relay batch did for one site; mutable, owned by the batch being built. */
public final class SiteActivity {

    private final Map<String, Long> landed = new HashMap<>();
    private long deadLettered;
    private String region;
    private String cloud;

    public void relayed(String stream, String region, String cloud) {
        landed.merge(stream, 1L, Long::sum);
        this.region = region;
        this.cloud = cloud;
    }

    public void deadLettered() {
        deadLettered++;
    }

    public Map<String, Long> landed() {
        return landed;
    }

    public long deadLetteredCount() {
        return deadLettered;
    }

    /** Region of the last relayed record of the batch, null if none was relayed. */
    public String region() {
        return region;
    }

    public String cloud() {
        return cloud;
    }

    public boolean anyRelayed() {
        return !landed.isEmpty();
    }
}

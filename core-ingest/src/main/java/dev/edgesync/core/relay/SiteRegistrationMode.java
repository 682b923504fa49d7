package dev.edgesync.core.relay;

import java.util.Locale;
import java.util.Optional;

/** How a site gets the registration its data is routed by ({@code core.relay.site-registration}). */
public enum SiteRegistrationMode {
    /**
     * Only onboarding ({@code POST /v1/sites}) registers a site; records of any other site go to the DLQ, and the relay
     * creates no topic. For a secured centre, where every site is onboarded.
     */
    ONBOARDING("onboarding"),
    /**
     * A site that was not onboarded is registered by its first landed record with the region and cloud it declares;
     * its later records must claim the same. A registered site's analytics topic (its registered region, a stream it
     * has a landing topic for) is created when first needed. For an unsecured centre, where sites need not be onboarded.
     */
    FIRST_RECORD("first-record");

    private final String key;

    SiteRegistrationMode(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The mode named {@code value} (case and surrounding blanks ignored); empty for anything else. */
    public static Optional<SiteRegistrationMode> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (SiteRegistrationMode m : values()) {
            if (m.key.equals(v)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}

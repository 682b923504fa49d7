package dev.edgesync.core.sites;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the one {@link SiteRegistry} of the application injectable. */
public class SiteRegistryProducer {

    @Produces
    @Singleton
    SiteRegistry siteRegistry() {
        return new SiteRegistry();
    }
}

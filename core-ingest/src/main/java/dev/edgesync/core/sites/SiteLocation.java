package dev.edgesync.core.sites;

/**
 * Where the centre routes a site's data: the region and cloud of its registration (an onboarding declaration, else
 * its first-record registration), never what its records claim.
 *
 * @param onboarded true if it comes from {@code POST /v1/sites}, false if from the site's first record
 */
public record SiteLocation(String region, String cloud, boolean onboarded) {
}

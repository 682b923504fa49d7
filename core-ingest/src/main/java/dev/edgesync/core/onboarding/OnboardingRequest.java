package dev.edgesync.core.onboarding;

import java.util.Map;

/**
 * Body of {@code POST /v1/sites}: the site's id, where it is (region, cloud; {@code default} when absent) and its
 * streams (name → partitions; 0 or null takes {@code core.onboarding.default-partitions}).
 */
public record OnboardingRequest(String id, String region, String cloud, Map<String, Integer> streams) {
}

package dev.edgesync.core.onboarding;

import dev.edgesync.core.sites.SiteDeclaration;
import dev.edgesync.protocol.SiteTopics;
import dev.edgesync.protocol.TopicNames;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What onboarding one site means, checked before anything is created: the declaration to record and the topics
 * the site needs. A request already known (same site) adds its new streams to the ones declared before.
 */
public record SitePlan(SiteDeclaration declaration, List<SiteTopics.Spec> topics) {

    static final String DEFAULT_LOCATION = "default";

    /**
     * How much one site may declare ({@code core.onboarding.max-streams-per-site}, {@code max-partitions-per-stream}):
     * every stream is topics and partitions at the centre, so one request must not be able to make thousands.
     */
    public record Limits(int maxStreams, int maxPartitions) {
        public static final Limits DEFAULT = new Limits(32, 64);
    }

    /** As {@link #of(OnboardingRequest, SiteDeclaration, int, Limits, Instant)} with the default limits. */
    public static SitePlan of(OnboardingRequest req, SiteDeclaration known, int defaultPartitions, Instant now) {
        return of(req, known, defaultPartitions, Limits.DEFAULT, now);
    }

    /**
     * Checks {@code req} and merges it with {@code known} (the site's earlier declaration, or null); throws
     * {@link InvalidOnboardingException} listing every problem.
     */
    public static SitePlan of(OnboardingRequest req, SiteDeclaration known, int defaultPartitions, Limits limits,
                              Instant now) {
        List<String> problems = new ArrayList<>();
        if (req == null) {
            throw new InvalidOnboardingException(List.of("the body must be a JSON object with at least \"id\" and \"streams\""));
        }
        check(problems, "id", req.id(), true);
        String region = req.region() == null ? DEFAULT_LOCATION : req.region();
        String cloud = req.cloud() == null ? DEFAULT_LOCATION : req.cloud();
        check(problems, "region", region, false);
        check(problems, "cloud", cloud, false);
        Map<String, Integer> streams = new TreeMap<>();
        if (known != null) {
            streams.putAll(known.streams());
        }
        if (req.streams() == null || req.streams().isEmpty()) {
            problems.add("streams: name at least one stream, e.g. {\"sales\": 3}");
        } else {
            req.streams().forEach((name, n) -> {
                int partitions = n == null || n == 0 ? defaultPartitions : n;
                if (!TopicNames.isValidId(name)) {
                    problems.add("streams: '" + name + "' is not a valid stream name (1-63 of a-z, 0-9, '-')");
                } else if (partitions < 1 || partitions > limits.maxPartitions()) {
                    problems.add("streams." + name + ": " + n + " partitions is outside 1.." + limits.maxPartitions()
                            + " (core.onboarding.max-partitions-per-stream)");
                } else if (streams.containsKey(name) && streams.get(name) != partitions) {
                    problems.add("streams." + name + ": the site was onboarded with " + streams.get(name)
                            + " partitions; a stream's partition count cannot change (partition p ships to partition p)");
                } else {
                    streams.put(name, partitions);
                }
            });
            long declared = req.streams().keySet().stream().filter(TopicNames::isValidId)
                    .filter(n -> !streams.containsKey(n)).count() + streams.size();
            if (declared > limits.maxStreams()) {
                problems.add("streams: the site would have " + declared + " streams, more than"
                        + " core.onboarding.max-streams-per-site=" + limits.maxStreams());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidOnboardingException(problems);
        }
        Instant since = known == null || known.onboardedAt() == null ? now : known.onboardedAt();
        SiteDeclaration d = new SiteDeclaration(req.id(), region, cloud, streams, since);
        return new SitePlan(d, SiteTopics.of(d.site(), streams));
    }

    private static void check(List<String> problems, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(field + ": required, e.g. \"store-042\"");
            }
        } else if (!TopicNames.isValidId(value)) {
            problems.add(field + ": '" + value + "' is not valid (1-63 of a-z, 0-9, '-', starting with a letter or digit)");
        }
    }
}

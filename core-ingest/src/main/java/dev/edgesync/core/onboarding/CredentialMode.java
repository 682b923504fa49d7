package dev.edgesync.core.onboarding;

import java.util.Locale;
import java.util.Optional;

/** Whether onboarding also makes the site's credentials and ACLs ({@code core.onboarding.credentials}). */
public enum CredentialMode {
    /** Topics only: users and ACLs are managed elsewhere (a Strimzi KafkaUser, a plaintext lab centre). */
    NONE,
    /** A SCRAM-SHA-512 user per site with the ACLs of {@code SiteAccess}. */
    SCRAM_SHA_512;

    public static Optional<CredentialMode> parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(NONE);
            case "scram-sha-512" -> Optional.of(SCRAM_SHA_512);
            default -> Optional.empty();
        };
    }
}

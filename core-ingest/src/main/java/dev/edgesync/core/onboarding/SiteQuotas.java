package dev.edgesync.core.onboarding;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.util.List;
import java.util.Map;

/**
 * Kafka client quotas on a site's principal, set at onboarding: its produce byte rate, so one site (a flood, a
 * compromised box) cannot take the centre's brokers from the others. Setting them again replaces them, so a repeated
 * onboarding applies a changed {@code core.onboarding.producer-byte-rate}.
 */
public final class SiteQuotas {

    /** Kafka's quota key for bytes per second a user may produce, per broker. */
    public static final String PRODUCER_BYTE_RATE = "producer_byte_rate";

    private final long producerByteRate;

    public SiteQuotas(long producerByteRate) {
        this.producerByteRate = producerByteRate;
    }

    /** Sets the quotas of {@code user} (the principal's name, e.g. {@code site-store-042}). */
    public void apply(Admin admin, String user) {
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, user));
        ClientQuotaAlteration alteration = new ClientQuotaAlteration(entity,
                List.of(new ClientQuotaAlteration.Op(PRODUCER_BYTE_RATE, (double) producerByteRate)));
        KafkaCalls.await(admin.alterClientQuotas(List.of(alteration)).all(), "set the quotas of " + user);
    }
}

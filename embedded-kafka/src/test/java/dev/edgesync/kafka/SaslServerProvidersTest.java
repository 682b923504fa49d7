package dev.edgesync.kafka;

import org.apache.kafka.common.security.plain.internals.PlainSaslServerProvider;
import org.apache.kafka.common.security.scram.internals.ScramSaslServerProvider;
import org.junit.jupiter.api.Test;

import java.security.Security;

import static org.assertj.core.api.Assertions.assertThat;

class SaslServerProvidersTest {

    /** Guards the provider names the class removes by: if Kafka renamed them, the removal would silently do nothing. */
    @Test
    void kafkasProvidersAreRegisteredUnderTheNamesItLooksFor() {
        SaslServerProviders.ownedByThisClassLoader();
        assertThat(Security.getProvider("Simple SASL/PLAIN Server Provider")).isInstanceOf(PlainSaslServerProvider.class);
        assertThat(Security.getProvider("SASL/SCRAM Server Provider")).isInstanceOf(ScramSaslServerProvider.class);
    }
}

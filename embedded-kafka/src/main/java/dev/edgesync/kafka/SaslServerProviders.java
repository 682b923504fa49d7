package dev.edgesync.kafka;

import org.apache.kafka.common.security.plain.internals.PlainSaslServerProvider;
import org.apache.kafka.common.security.scram.internals.ScramSaslServerProvider;

import java.security.Provider;
import java.security.Security;
import java.util.List;

/**
 * Makes Kafka's SASL server providers those of this class loader before a secured broker starts. Kafka registers them
 * JVM-wide once, by name, and a provider loads its factory through its own class loader: a broker started from another
 * class loader (the second Quarkus application of a test run, each with its own loader) would get the first loader's
 * PLAIN and SCRAM servers, whose callbacks its own handlers do not recognise, and refuse every login, its own included.
 */
final class SaslServerProviders {

    /** The names Kafka registers its providers under (their constructors are private). */
    private static final List<String> NAMES = List.of("Simple SASL/PLAIN Server Provider", "SASL/SCRAM Server Provider");

    private SaslServerProviders() {
    }

    static synchronized void ownedByThisClassLoader() {
        ClassLoader kafka = PlainSaslServerProvider.class.getClassLoader();
        for (Provider p : List.of(Security.getProviders())) {
            if (NAMES.contains(p.getName()) && p.getClass().getClassLoader() != kafka) {
                Security.removeProvider(p.getName());
            }
        }
        PlainSaslServerProvider.initialize();
        ScramSaslServerProvider.initialize();
    }
}

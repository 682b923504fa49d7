package dev.edgesync.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a secured {@link EmbeddedKafkaBroker} is laid out: clients (edges) connect to a SASL_SSL listener with
 * SCRAM-SHA-512 users that live in the cluster metadata; every request is checked by the KRaft
 * {@code StandardAuthorizer} against ACLs, and nothing is allowed without one.
 *
 * <p>Why a second, internal listener: SCRAM users exist only once the broker runs, and KRaft does not
 * support SCRAM on the controller listener, so the broker's own traffic (controller and inter-broker) and the
 * administrator who creates the first users authenticate with SASL/PLAIN as one static super user. That
 * listener binds to loopback only and is never advertised to edges; nothing on any listener is anonymous.
 */
public final class BrokerSecurity {

    /** Name of the edge-facing SASL_SSL listener. */
    public static final String SECURE_LISTENER = "SECURE";
    /** Name of the loopback SASL_PLAINTEXT listener of the broker itself and its administrator. */
    public static final String INTERNAL_LISTENER = "BROKER";
    /** The super user of the internal listener; site principals are prefixed, so none can be called this. */
    public static final String ADMIN_USER = "broker-admin";
    public static final String SCRAM = "SCRAM-SHA-512";
    private static final int SCRAM_ITERATIONS = 8192;

    private final TlsMaterial tls;
    private final String adminPassword;

    private BrokerSecurity(TlsMaterial tls, String adminPassword) {
        this.tls = tls;
        this.adminPassword = adminPassword;
    }

    /** SASL_SSL with SCRAM-SHA-512 for clients, {@code tls} as the broker's certificate; a random admin password. */
    public static BrokerSecurity scramOverTls(TlsMaterial tls) {
        return new BrokerSecurity(tls, TlsMaterial.randomSecret());
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** Broker settings of the three listeners (bound as given) plus authorizer and super user. */
    Map<String, String> brokerSettings(String host, int port, String advertisedHost, int advertisedPort,
                                       int internalPort, String controllerListener, int controllerPort) {
        String secure = SECURE_LISTENER.toLowerCase();
        String internal = INTERNAL_LISTENER.toLowerCase();
        String controller = controllerListener.toLowerCase();
        String plainJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN_USER
                + "\" password=\"" + adminPassword + "\" user_" + ADMIN_USER + "=\"" + adminPassword + "\";";
        Map<String, String> p = new HashMap<>();
        p.put("listeners", SECURE_LISTENER + "://" + host + ":" + port + "," + INTERNAL_LISTENER + "://127.0.0.1:"
                + internalPort + "," + controllerListener + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", SECURE_LISTENER + "://" + advertisedHost + ":" + advertisedPort + ","
                + INTERNAL_LISTENER + "://127.0.0.1:" + internalPort);
        p.put("listener.security.protocol.map", SECURE_LISTENER + ":SASL_SSL," + INTERNAL_LISTENER + ":SASL_PLAINTEXT,"
                + controllerListener + ":SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", INTERNAL_LISTENER);
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name." + secure + ".sasl.enabled.mechanisms", SCRAM);
        p.put("listener.name." + secure + ".scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name." + secure + ".ssl.keystore.type", "PKCS12");
        p.put("listener.name." + secure + ".ssl.keystore.location", tls.keystore().toString());
        p.put("listener.name." + secure + ".ssl.keystore.password", tls.keystorePassword());
        p.put("listener.name." + secure + ".ssl.key.password", tls.keystorePassword());
        for (String name : List.of(internal, controller)) {
            p.put("listener.name." + name + ".sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name." + name + ".plain.sasl.jaas.config", plainJaas);
        }
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN_USER);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** Client settings of the administrator on the internal listener (without bootstrap servers). */
    public Map<String, Object> adminClientSettings() {
        Map<String, Object> c = new HashMap<>();
        c.put("security.protocol", "SASL_PLAINTEXT");
        c.put("sasl.mechanism", "PLAIN");
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + ADMIN_USER + "\" password=\"" + adminPassword + "\";");
        return c;
    }

    /** Client settings of SCRAM user {@code user} on the SASL_SSL listener (without bootstrap servers). */
    public Map<String, Object> scramClientSettings(String user, String password) {
        Map<String, Object> c = new HashMap<>();
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", SCRAM);
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        c.put("ssl.truststore.type", "PEM");
        c.put("ssl.truststore.location", tls.certificate().toString());
        return c;
    }

    /** Creates (or replaces the password of) SCRAM-SHA-512 user {@code user}; {@code admin} must be allowed to. */
    public static void upsertScramUser(Admin admin, String user, String password) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create SCRAM user " + user + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "BrokerSecurity[SASL_SSL/" + SCRAM + ", " + tls + "]";
    }
}

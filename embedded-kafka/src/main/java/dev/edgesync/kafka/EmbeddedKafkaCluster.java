package dev.edgesync.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * A multi-node Apache Kafka cluster in this JVM: N KRaft nodes, each broker and controller, with a static
 * quorum of all N — what the centre runs on, for tests that stop a node mid-run.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Internal topics and new topics get min(3, N) replicas, and min.insync.replicas 2 from three nodes on.</li>
 *   <li>A stopped node is gone without a controlled shutdown, as after a crash: its partitions move once the
 *       controller's session for it expires. It restarts on its own data and ports.</li>
 *   <li>Nodes start in parallel (a node's startup waits for a quorum of controllers).</li>
 * </ol>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final Path dataDir;
    private final String host;
    private final int nodes;
    private final Map<String, String> overrides;
    private final boolean deleteDataOnClose;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] ports;
    private final int[] controllerPorts;
    private final KafkaRaftServer[] servers;

    private EmbeddedKafkaCluster(Builder b) {
        this.dataDir = b.dataDir.toAbsolutePath();
        this.host = b.host;
        this.nodes = b.nodes;
        this.overrides = Map.copyOf(b.overrides);
        this.deleteDataOnClose = b.deleteDataOnClose;
        this.ports = new int[nodes];
        this.controllerPorts = new int[nodes];
        this.servers = new KafkaRaftServer[nodes];
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every node that is not running, in parallel, and waits for all of them. */
    public synchronized EmbeddedKafkaCluster start() {
        if (ports[0] == 0) {
            for (int i = 0; i < nodes; i++) {
                ports[i] = LocalPorts.free(host);
                controllerPorts[i] = LocalPorts.free(host);
            }
        }
        long t0 = System.nanoTime();
        List<CompletableFuture<KafkaRaftServer>> starting = new ArrayList<>();
        List<Integer> which = IntStream.range(0, nodes).filter(i -> servers[i] == null).boxed().toList();
        for (int i : which) {
            starting.add(CompletableFuture.supplyAsync(() -> startNodeServer(i)));
        }
        for (int k = 0; k < which.size(); k++) {
            servers[which.get(k)] = starting.get(k).join();
        }
        LOG.info("Embedded Kafka cluster of {} nodes ready at {} in {} ms", nodes, bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000);
        return this;
    }

    /** Stops node {@code i} (0-based) abruptly, as a crash would look to the rest of the cluster. */
    public synchronized void stopNode(int i) {
        checkIndex(i);
        if (servers[i] != null) {
            KraftNodes.shutdown(servers[i]);
            servers[i] = null;
            LOG.info("Embedded Kafka node {} stopped", i + 1);
        }
    }

    /** Starts node {@code i} again on its data and ports; the other nodes must form a quorum. */
    public synchronized void startNode(int i) {
        checkIndex(i);
        if (servers[i] == null) {
            servers[i] = startNodeServer(i);
        }
    }

    public synchronized boolean isRunning(int i) {
        checkIndex(i);
        return servers[i] != null;
    }

    public int size() {
        return nodes;
    }

    /** Every node's client address, running or not: clients find the live ones. */
    public String bootstrapServers() {
        if (ports[0] == 0) {
            throw new IllegalStateException("cluster has not been started yet, its ports are not chosen");
        }
        StringJoiner j = new StringJoiner(",");
        for (int p : ports) {
            j.add(host + ":" + p);
        }
        return j.toString();
    }

    @Override
    public synchronized void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            KafkaRaftServer s = servers[i];
            servers[i] = null;
            if (s != null) {
                stopping.add(CompletableFuture.runAsync(() -> KraftNodes.shutdown(s)));
            }
        }
        stopping.forEach(CompletableFuture::join);
        if (deleteDataOnClose && !DataDirs.deleteRecursively(dataDir)) {
            LOG.warn("Could not delete all of {}", dataDir);
        }
    }

    private KafkaRaftServer startNodeServer(int i) {
        Path logDir = dataDir.resolve("node-" + (i + 1)).resolve("kafka-logs");
        KraftNodes.formatIfNew(logDir, clusterId, i + 1);
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(nodeProperties(i, logDir), false), Time.SYSTEM);
        try {
            s.startup();
            return s;
        } catch (RuntimeException e) {
            KraftNodes.shutdown(s);
            throw new IllegalStateException("Embedded Kafka node " + (i + 1) + " failed to start on " + host + ":" + ports[i]
                    + " with data in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private Properties nodeProperties(int i, Path logDir) {
        Map<String, String> p = new HashMap<>();
        StringJoiner voters = new StringJoiner(",");
        for (int k = 0; k < nodes; k++) {
            voters.add((k + 1) + "@" + host + ":" + controllerPorts[k]);
        }
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(i + 1));
        p.put("controller.quorum.voters", voters.toString());
        p.put("listeners", KraftNodes.CLIENT_LISTENER + "://" + host + ":" + ports[i] + ","
                + KraftNodes.CONTROLLER_LISTENER + "://" + host + ":" + controllerPorts[i]);
        p.put("advertised.listeners", KraftNodes.CLIENT_LISTENER + "://" + host + ":" + ports[i]);
        p.put("listener.security.protocol.map", KraftNodes.CLIENT_LISTENER + ":PLAINTEXT," + KraftNodes.CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", KraftNodes.CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", KraftNodes.CLIENT_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        KraftNodes.replicationDefaults(p, nodes);
        // A stopped node is a crashed node: no controlled shutdown, and the controller notices it within seconds.
        p.put("controlled.shutdown.enable", "false");
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "500");
        // Three nodes share one machine's page cache and cores in tests: keep each small.
        p.put("num.io.threads", "2");
        p.put("num.network.threads", "2");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 << 20));
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= nodes) {
            throw new IllegalArgumentException("node index must be within 0.." + (nodes - 1) + ", was " + i);
        }
    }

    /** Builds an {@link EmbeddedKafkaCluster}; defaults fit a test on loopback. */
    public static final class Builder {
        private Path dataDir;
        private String host = "127.0.0.1";
        private int nodes = 3;
        private final Map<String, String> overrides = new HashMap<>();
        private boolean deleteDataOnClose;

        /** Where each node's logs and metadata live (one sub-directory per node); a temp directory when not set. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Number of nodes, each broker and controller; at least 1. */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("a cluster needs at least one node, was " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** A setting for every node; wins over the defaults. */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder deleteDataOnClose(boolean delete) {
            this.deleteDataOnClose = delete;
            return this;
        }

        public EmbeddedKafkaCluster build() {
            if (dataDir == null) {
                dataDir = DataDirs.newTemp("embedded-kafka-cluster-");
                deleteDataOnClose = true;
            }
            return new EmbeddedKafkaCluster(this);
        }
    }
}

package dev.edgesync.kafka;

import kafka.server.KafkaRaftServer;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What every in-process KRaft node needs, single or in a cluster: storage formatting, topic defaults, shutdown. */
final class KraftNodes {

    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final Logger LOG = LoggerFactory.getLogger(KraftNodes.class);

    private KraftNodes() {
    }

    /** Formats {@code logDir} for {@code nodeId} of {@code clusterId}, unless it holds a {@code meta.properties} already. */
    static void formatIfNew(Path logDir, String clusterId, int nodeId) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            DataDirs.createDurably(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(clusterId)
                    .setNodeId(nodeId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
            // The formatter does not fsync what it writes: a power cut soon after the first start would leave a
            // directory with a meta.properties the cut emptied or without the bootstrap checkpoint, and a broker
            // that cannot start on it.
            DataDirs.fsyncTree(logDir);
            LOG.info("Formatted new Kafka data directory {}", logDir);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replication of the internal topics and the topic defaults for a cluster of {@code nodes}: every internal
     * topic on min(3, nodes) replicas, and acks=all surviving one node down when there are three or more.
     */
    static void replicationDefaults(Map<String, String> p, int nodes) {
        String rf = String.valueOf(Math.min(3, nodes));
        String minIsr = String.valueOf(nodes >= 3 ? 2 : 1);
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
    }

    static void shutdown(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping embedded Kafka node: {}", e.toString());
        }
    }
}

package dev.edgesync.protocol;

/**
 * Kafka header names of the contract.
 *
 * <p>CloudEvents attributes travel as {@code ce_<attribute>} headers (the CloudEvents Kafka protocol
 * binding, binary mode) with the event data as the record value and its media type in
 * {@code content-type}. The uplink adds the {@code edge_*} headers to every record it lands at the
 * centre; core-ingest adds the {@code route_*} router headers to what it writes for consumers and
 * the downlink uses the same router headers to address sites.
 */
public final class SyncHeaders {

    /** Prefix of CloudEvents attribute headers (Kafka binding). */
    public static final String CE_PREFIX = "ce_";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_TIME = "ce_time";
    public static final String CE_SUBJECT = "ce_subject";
    public static final String CE_DATASCHEMA = "ce_dataschema";
    /** The binding maps {@code datacontenttype} to this header, not to a {@code ce_} one. */
    public static final String CONTENT_TYPE = "content-type";

    /** Site that produced the record (equals the {@code <site>} of its landing topic). */
    public static final String EDGE_SITE = "edge_site";
    public static final String EDGE_REGION = "edge_region";
    public static final String EDGE_CLOUD = "edge_cloud";
    /** Offset of the record in the edge's curated partition, as a decimal string. */
    public static final String EDGE_OFFSET = "edge_offset";
    /**
     * The edge's append time of the record (epoch ms, decimal string): landing topics are stamped with the centre's
     * append time ({@link SiteTopics#APPEND_TIME}), so the edge's own clock travels here and the relay keeps it.
     */
    public static final String EDGE_TIME = "edge_time";
    /** {@link ProtocolVersion} the record was written with, as a decimal string. */
    public static final String PROTOCOL_VERSION = "edge_protocol";

    /** Router headers (DESIGN §7): who a record is from or for. {@code *} addresses everyone. */
    public static final String ROUTE_SITE = "route_site";
    public static final String ROUTE_REGION = "route_region";
    public static final String ROUTE_CLOUD = "route_cloud";
    public static final String ROUTE_ANY = "*";

    private SyncHeaders() {
    }
}

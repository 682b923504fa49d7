package dev.edgesync.edge.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudEvents 1.0 rules every event's attributes must meet, whichever mode carried them: names, limits,
 * the required attributes, and the form of source, time, dataschema and subject.
 */
final class AttributeRules {

    /** Longest attribute value accepted; ids, sources and types are short, and every attribute becomes a Kafka header. */
    static final int MAX_ATTRIBUTE_CHARS = 1024;
    /** Most attributes (required, optional and extensions) on one event. */
    static final int MAX_ATTRIBUTES = 64;

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+");
    /** RFC 3339 date-time: seconds required, fraction optional, Z or a numeric offset. */
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    private AttributeRules() {
    }

    /** Whether {@code name} is a valid attribute or extension name: lower-case ASCII letters and digits. */
    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** Adds to {@code problems} what is wrong with the attributes every event must have and the optional ones. */
    static void validate(Map<String, String> a, Instant latestTime, List<String> problems) {
        if (a.size() > MAX_ATTRIBUTES) {
            problems.add("an event has " + a.size() + " attributes; at most " + MAX_ATTRIBUTES + " are accepted");
            return;
        }
        boolean tooLong = false;
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (e.getValue().length() > MAX_ATTRIBUTE_CHARS) {
                problems.add("attribute '" + e.getKey() + "' is " + e.getValue().length() + " characters long; at most "
                        + MAX_ATTRIBUTE_CHARS + " are accepted");
                tooLong = true;
            }
        }
        if (tooLong) {
            return; // so no later message quotes a huge value back
        }
        String specversion = a.get(CloudEvent.SPECVERSION);
        if (specversion == null) {
            problems.add("missing required attribute 'specversion'");
        } else if (!specversion.equals("1.0")) {
            problems.add("unsupported specversion '" + specversion + "': only 1.0 is accepted");
        }
        for (String required : List.of(CloudEvent.ID, CloudEvent.SOURCE, CloudEvent.TYPE)) {
            String v = a.get(required);
            if (v == null) {
                problems.add("missing required attribute '" + required + "'");
            } else if (v.isEmpty()) {
                problems.add("attribute '" + required + "' must not be empty");
            }
        }
        String source = a.get(CloudEvent.SOURCE);
        if (source != null && !source.isEmpty() && !isUri(source, false)) {
            problems.add("attribute 'source' must be a URI-reference, was '" + source + "'");
        }
        String time = a.get(CloudEvent.TIME);
        if (time != null) {
            Optional<Instant> t = rfc3339(time);
            if (t.isEmpty()) {
                problems.add("attribute 'time' must be an RFC 3339 timestamp with seconds such as 2026-11-23T07:00:00.164Z,"
                        + " was '" + time + "'");
            } else if (t.get().isAfter(latestTime)) {
                problems.add("attribute 'time' is " + time + ", after " + latestTime + ", the latest this box accepts"
                        + " (its clock plus edge.ingest.max-time-ahead): check the sender's clock");
            }
        }
        String schema = a.get(CloudEvent.DATASCHEMA);
        if (schema != null && !isUri(schema, true)) {
            problems.add("attribute 'dataschema' must be an absolute URI, was '" + schema + "'");
        }
        String subject = a.get(CloudEvent.SUBJECT);
        if (subject != null && subject.isEmpty()) {
            problems.add("attribute 'subject' must not be empty");
        }
    }

    private static boolean isUri(String s, boolean absolute) {
        try {
            URI u = new URI(s);
            return !absolute || u.isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The instant of an RFC 3339 date-time (seconds required; a leap second counts as :59), if it is one. */
    static Optional<Instant> rfc3339(String s) {
        Matcher m = RFC3339.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        String seconds = m.group(4).equals("60") ? "59" : m.group(4);
        String normal = m.group(1) + "T" + m.group(2) + ":" + m.group(3) + ":" + seconds
                + (m.group(5) == null ? "" : m.group(5).substring(0, Math.min(10, m.group(5).length()))) + m.group(6).toUpperCase(Locale.ROOT);
        try {
            return Optional.of(OffsetDateTime.parse(normal, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

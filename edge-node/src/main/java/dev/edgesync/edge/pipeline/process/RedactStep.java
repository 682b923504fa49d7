package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;

/**
 * Removes named fields, and replaces others by a keyed hash: {@code HMAC-SHA256(site secret, value)} in lower-case
 * hex. The same value always gives the same hash at a site, so the centre can still join on it, but without the
 * secret the value cannot be recovered by hashing guesses. A missing field is left missing; a field that is an
 * object or array is hashed over its JSON text.
 */
public final class RedactStep implements Step {

    private final List<String> remove;
    private final List<String> hash;
    private final ThreadLocal<Mac> mac;

    /** {@code secret} is used as the HMAC key; it is copied and never logged. */
    public RedactStep(List<String> remove, List<String> hash, byte[] secret) {
        this.remove = List.copyOf(remove);
        this.hash = List.copyOf(hash);
        if (!this.hash.isEmpty() && (secret == null || secret.length == 0)) {
            throw new IllegalArgumentException("redact: hashing fields needs a secret");
        }
        SecretKeySpec key = this.hash.isEmpty() ? null : new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                if (key != null) {
                    m.init(key);
                }
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    @Override
    public String name() {
        return "redact";
    }

    @Override
    public Verdict apply(PipelineEvent event) {
        ObjectNode data;
        try {
            data = event.mutableData();
        } catch (PipelineEvent.NotJsonException e) {
            return Verdict.reject("redact: " + e.getMessage());
        }
        for (String path : remove) {
            JsonPaths.remove(data, path);
        }
        for (String path : hash) {
            JsonNode v = JsonPaths.get(data, path);
            if (v != null && !v.isNull()) {
                JsonPaths.set(data, path, TextNode.valueOf(hmac(v.isValueNode() ? v.asText() : v.toString())));
            }
        }
        return Verdict.CONTINUE;
    }

    /** The keyed hash of {@code text} as this step writes it. */
    public String hmac(String text) {
        return HexFormat.of().formatHex(mac.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}

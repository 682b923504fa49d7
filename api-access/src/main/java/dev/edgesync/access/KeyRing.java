package dev.edgesync.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/** The configured keys, found by the secret a caller presents, in time that does not depend on which key is near. */
public final class KeyRing<K extends NamedKey<?>> {

    private final List<K> keys;

    public KeyRing(List<K> keys) {
        this.keys = List.copyOf(keys);
    }

    public Optional<K> find(String presented) {
        byte[] h = ApiKeyHash.of(presented).getBytes(StandardCharsets.US_ASCII);
        K found = null;
        for (K k : keys) {
            if (MessageDigest.isEqual(h, k.hash().getBytes(StandardCharsets.US_ASCII))) {
                found = k;
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }
}

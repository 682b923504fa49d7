package dev.edgesync.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The stored form of an API key: {@code sha256:<hex>}. Keys are random tokens with at least 128 bits of entropy
 * (see docs/security.md), so a fast unsalted hash is enough: nobody can search that space, and it keeps every
 * request's check cheap. Only the hash is in the configuration, so a copied config file gives no usable key.
 */
public final class ApiKeyHash {

    public static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");
    /** A shorter key would be guessable; 32 hex digits are 128 bits. */
    public static final int MIN_KEY_LENGTH = 32;

    private ApiKeyHash() {
    }

    public static String of(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Prints the hash of a key given as the first argument, for the configuration. */
    public static void main(String[] args) {
        if (args.length != 1 || args[0].length() < MIN_KEY_LENGTH) {
            System.err.println("usage: ApiKeyHash <key of at least " + MIN_KEY_LENGTH + " characters, e.g. from"
                    + " 'openssl rand -hex 32'>");
            System.exit(2);
        }
        System.out.println(of(args[0]));
    }
}

package dev.edgesync.access;

import java.util.Set;

/**
 * A configured API key as the gate sees it: its name (for logs, audit and refusals; never the secret), the hash
 * of its secret and the scopes it grants.
 *
 * @param <S> the application's scope type
 */
public interface NamedKey<S> {

    String name();

    /** {@code sha256:<hex>}, see {@link ApiKeyHash}. */
    String hash();

    Set<S> scopes();
}

package dev.edgesync.e2e;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the load generator got a 202 for: the events the system has promised to deliver. */
public final class Ledger {

    private final Map<String, SampleEvents.Event> acked = new ConcurrentHashMap<>();
    /** Ids in the order their 202 arrived, so "everything acknowledged before time T" is a prefix. */
    private final List<String> ackOrder = new ArrayList<>();

    void acked(SampleEvents.Event e) {
        if (acked.put(e.id(), e) == null) {
            synchronized (ackOrder) {
                ackOrder.add(e.id());
            }
        }
    }

    public int size() {
        return acked.size();
    }

    public boolean contains(String id) {
        return acked.containsKey(id);
    }

    public Collection<SampleEvents.Event> events() {
        return acked.values();
    }

    /** The id of the {@code index}-th acknowledged event (0-based, in acknowledgement order). */
    public String ackedAt(int index) {
        synchronized (ackOrder) {
            return ackOrder.get(index);
        }
    }

    /** How many events have been acknowledged so far: a mark for {@link Checker#landedUpTo}. */
    public int mark() {
        synchronized (ackOrder) {
            return ackOrder.size();
        }
    }
}

package dev.edgesync.e2e;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the load generator got a 202 for: the events the system has promised to deliver. */
public final class Ledger {

    private final Map<String, SampleEvents.Event> acked = new ConcurrentHashMap<>();

    void acked(SampleEvents.Event e) {
        acked.put(e.id(), e);
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
}

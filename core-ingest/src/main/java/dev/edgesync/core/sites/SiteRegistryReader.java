package dev.edgesync.core.sites;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * Keeps this instance's {@link SiteRegistry} up to date with the whole {@code _core.sites} topic, whichever
 * instance relayed what, so every core-ingest instance answers {@code GET /v1/sites} the same.
 */
@ApplicationScoped
public class SiteRegistryReader {

    private final TopicFollower follower;

    public SiteRegistryReader(CentreKafka centre, SiteRegistry registry) {
        this.follower = new TopicFollower("site-registry-reader", Duration.ofSeconds(2),
                "GET /v1/sites answers from what was read so far", f -> {
                    try (RegistryTail t = new RegistryTail(centre.clientProperties(), registry, "core-ingest-sites-reader")) {
                        f.onWakeup(t::wakeup);
                        while (f.running()) {
                            t.poll(Duration.ofMillis(500));
                        }
                    }
                });
    }

    /** After the centre (10). */
    void onStart(@Observes @Priority(25) StartupEvent ev) {
        follower.start();
    }

    /** Before the centre stops. */
    void onStop(@Observes @Priority(90) ShutdownEvent ev) {
        follower.stop();
    }
}

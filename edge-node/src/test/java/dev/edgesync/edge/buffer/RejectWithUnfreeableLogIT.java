package dev.edgesync.edge.buffer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.util.List;
import java.util.Map;

/**
 * The same run as {@link RejectThenDrainIT} on a log whose segments never roll, so shipping frees nothing: once
 * everything is sent the box is still over its quota, and it must take events again rather than refuse for good.
 */
@QuarkusTest
@TestProfile(RejectWithUnfreeableLogIT.HugeSegments.class)
class RejectWithUnfreeableLogIT extends RejectThenDrainIT {

    public static class HugeSegments implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(QuotaAppResource.class, Map.of("core", "true", "huge-segments", "true")));
        }
    }
}

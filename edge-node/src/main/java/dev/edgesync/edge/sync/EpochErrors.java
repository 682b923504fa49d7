package dev.edgesync.edge.sync;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

import java.time.Duration;

/**
 * Tells a fencing from other failures of a partition's transaction. An epoch error means either that another
 * producer with our transactional id called initTransactions (fenced), or that the centre aborted our
 * transaction on timeout. Our transactions are bounded by the client timeouts, well below the transaction
 * timeout, so an epoch error on a younger transaction can only come from another uplink with this identity.
 */
final class EpochErrors {

    private EpochErrors() {
    }

    /** {@code e} as a {@link UplinkSession.FencedException} if it means another uplink took over, else as it is. */
    static Exception classify(PartitionShipper shipper, Exception e, Duration transactionTimeout) {
        if (isEpochError(e) && shipper.openFor().compareTo(transactionTimeout) < 0) {
            return new UplinkSession.FencedException(shipper.partition() + ": producer epoch bumped at the centre"
                    + " while our transaction was open for " + shipper.openFor().toMillis() + " ms (transaction timeout "
                    + transactionTimeout + ")", e);
        }
        return e;
    }

    static boolean isEpochError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ProducerFencedException || c instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}

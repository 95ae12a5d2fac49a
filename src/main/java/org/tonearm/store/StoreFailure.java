package org.tonearm.store;

/** A database error that is not the caller's fault (connection lost, disk full, schema broken). */
public final class StoreFailure extends RuntimeException {
    public StoreFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

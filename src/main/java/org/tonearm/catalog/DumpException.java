package org.tonearm.catalog;

/** A dump that cannot be imported; the message names the table, file and column and what was expected. */
public final class DumpException extends RuntimeException {
    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}

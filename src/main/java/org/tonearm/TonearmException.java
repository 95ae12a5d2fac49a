package org.tonearm;

/**
 * The domain errors every core package throws; each HTTP face maps them to its own error JSON in one place.
 */
public abstract sealed class TonearmException extends RuntimeException {

    protected TonearmException(String message) {
        super(message);
    }

    protected TonearmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Something the caller named does not exist. */
    public static final class NotFound extends TonearmException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The caller's input is malformed or out of range. */
    public static final class InvalidInput extends TonearmException {
        public InvalidInput(String message) {
            super(message);
        }
    }

    /** No valid credentials were presented. */
    public static final class Unauthorized extends TonearmException {
        public Unauthorized(String message) {
            super(message);
        }
    }

    /** Valid credentials, but not allowed to do this. */
    public static final class Forbidden extends TonearmException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** The request conflicts with the current state (duplicate, last admin, ...). */
    public static final class Conflict extends TonearmException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** Too many requests; the caller may retry after the given number of seconds. */
    public static final class RateLimited extends TonearmException {
        private final long retryAfterSeconds;

        public RateLimited(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A service Tonearm depends on (VK, an OAuth provider, a file host) failed or answered nonsense. */
    public static final class UpstreamFailed extends TonearmException {
        public UpstreamFailed(String message) {
            super(message);
        }

        public UpstreamFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server is not ready for this request yet (for example a catalog is still being built). */
    public static final class Unavailable extends TonearmException {
        public Unavailable(String message) {
            super(message);
        }
    }
}

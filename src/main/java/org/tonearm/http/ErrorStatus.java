package org.tonearm.http;

import io.javalin.http.Context;
import org.tonearm.TonearmException;

/** The HTTP status of each domain error, the same on every face; faces differ only in the body they write. */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    /** The status for {@code e}; sets {@code Retry-After} on the response for a rate-limited request. */
    public static int of(Context ctx, TonearmException e) {
        return switch (e) {
            case TonearmException.NotFound n -> 404;
            case TonearmException.InvalidInput i -> 400;
            case TonearmException.Unauthorized u -> 401;
            case TonearmException.Forbidden f -> 403;
            case TonearmException.Conflict c -> 409;
            case TonearmException.RateLimited r -> {
                ctx.header("Retry-After", Long.toString(r.retryAfterSeconds()));
                yield 429;
            }
            case TonearmException.UpstreamFailed u -> 502;
            case TonearmException.Unavailable u -> 503;
        };
    }
}

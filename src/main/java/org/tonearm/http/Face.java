package org.tonearm.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.tonearm.TonearmException;

/**
 * One HTTP API that existing clients speak (Spotify Web API, thatmusic, management, automation).
 * A face registers its routes and renders errors for the paths it owns in its own error format.
 */
public interface Face {

    /** Whether a request path belongs to this face (used to pick the error format for 404s and failures). */
    boolean owns(String path);

    /** Adds this face's routes. */
    void routes(RoutesConfig routes);

    /** Writes a domain error in this face's own error JSON, with the right status. */
    void error(Context ctx, TonearmException error);

    /** Writes an error for a status the router produced itself (404 unknown path, 405 wrong method). */
    void status(Context ctx, int status, String message);
}

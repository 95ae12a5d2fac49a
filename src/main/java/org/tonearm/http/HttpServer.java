package org.tonearm.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/**
 * The one HTTP server: mounts every face, sends each error to the face that owns the path so that
 * clients always get their own API's error format, and never leaks a stack trace.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private final List<Face> faces;
    private final Face fallback;

    /**
     * @param faces    the faces, most specific first
     * @param fallback renders errors for paths no face owns (and serves nothing itself)
     */
    public HttpServer(List<Face> faces, Face fallback, int maxRequestBytes) {
        this.faces = List.copyOf(faces);
        this.fallback = fallback;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = maxRequestBytes;
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(2_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(64 * 1024));
            for (Face face : this.faces) {
                face.routes(config.routes);
            }
            fallback.routes(config.routes);
            config.routes.exception(TonearmException.class, (e, ctx) -> {
                if (e instanceof TonearmException.UpstreamFailed || e instanceof TonearmException.Unavailable) {
                    log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                }
                faceFor(ctx).error(ctx, e);
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                faceFor(ctx).status(ctx, e.getStatus(), statusMessage(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                faceFor(ctx).status(ctx, 500, "Internal server error");
            });
        });
    }

    /**
     * Errors Jetty answers itself, before any face sees the request (a malformed request line, a URI past the
     * header limit): JSON in the common {@code {"error":{"status","message"}}} shape instead of an HTML page.
     */
    private static final class JsonErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              org.eclipse.jetty.util.Callback callback) {
            int status = response.getStatus();
            Object msg = request.getAttribute(ERROR_MESSAGE);
            String message = msg == null ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : msg.toString();
            String body = "{\"error\":{\"status\":" + status + ",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ") + "\"}}";
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    private static String statusMessage(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "Service not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request body too large";
            default -> e.getMessage() == null ? "Request failed" : e.getMessage();
        };
    }

    private Face faceFor(Context ctx) {
        String path = ctx.path();
        for (Face face : faces) {
            if (face.owns(path)) {
                return face;
            }
        }
        return fallback;
    }

    public HttpServer start(String host, int port) {
        app.start(host, port);
        log.info("listening on http://{}:{}/", host, app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } catch (RuntimeException e) {
            // idle keep-alive connections outlived the 2 s grace period; they are closed regardless
            log.debug("stopped after the grace period: {}", e.getMessage());
        }
    }
}

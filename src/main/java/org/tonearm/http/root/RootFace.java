package org.tonearm.http.root;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tonearm.TonearmException;
import org.tonearm.http.Face;

/** The landing page at {@code /} (what this server is and what it serves) and errors for paths no face owns. */
public final class RootFace implements Face {
    private final Supplier<Map<String, Object>> status;

    /** @param status what the landing page reports (catalog state, faces), read on every request */
    public RootFace(Supplier<Map<String, Object>> status) {
        this.status = status;
    }

    @Override
    public boolean owns(String path) {
        return true;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get("/", this::index);
        routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
    }

    private void index(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Tonearm");
        status.get().forEach((k, v) -> body.put(k, v instanceof java.util.function.Supplier<?> sup ? sup.get() : v));
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=utf-8><title>Tonearm</title></head>"
                + "<body><h1>Tonearm</h1><dl>");
            body.forEach((k, v) -> html.append("<dt>").append(escape(k)).append("</dt><dd>").append(escape(render(v))).append("</dd>"));
            html.append("</dl></body></html>");
            ctx.html(html.toString());
        } else {
            ctx.json(body);
        }
    }

    private static String render(Object v) {
        if (v instanceof List<?> l) {
            return String.join(", ", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void error(Context ctx, TonearmException e) {
        int status = switch (e) {
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
        status(ctx, status, e.getMessage());
    }

    @Override
    public void status(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", Map.of("status", status, "message", message)));
    }
}

package org.tonearm.http.manage;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;
import org.tonearm.http.ErrorStatus;
import org.tonearm.account.AccountService;
import org.tonearm.account.CredentialService;
import org.tonearm.account.Principal;
import org.tonearm.account.SsoService;
import org.tonearm.http.Face;
import org.tonearm.store.ConfigService;

/**
 * The management face (Spotizerr's {@code /api}): accounts, SSO, configuration and credentials, with Spotizerr's
 * {@code {"error","details"}} errors. It owns {@code /api/} except the Spotify face's {@code /api/token} and the
 * automation face's {@code /api/v1/}.
 */
public final class ManageFace implements Face {
    private static final Logger log = LoggerFactory.getLogger(ManageFace.class);

    private final AccountService accounts;
    private final boolean devMode;
    private final List<Route> table;

    /** @param devMode when true, 500 answers carry a {@code traceback} (never in production) */
    public ManageFace(AccountService accounts, SsoService sso, ConfigService config, CredentialService credentials,
                      boolean devMode) {
        this.accounts = accounts;
        this.devMode = devMode;
        List<Route> all = new ArrayList<>();
        all.addAll(new AuthRoutes(accounts, sso).routes());
        all.addAll(new SsoRoutes(sso, accounts).routes());
        all.addAll(new ConfigRoutes(config).routes());
        all.addAll(new CredentialRoutes(credentials).routes());
        this.table = List.copyOf(all);
    }

    /** The route table, top to bottom, as it is mounted. */
    public List<Route> routeTable() {
        return table;
    }

    @Override
    public boolean owns(String path) {
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return false;
        }
        return !path.equals("/api/token") && !path.startsWith("/api/token/") && !path.equals("/api/v1")
            && !path.startsWith("/api/v1/");
    }

    @Override
    public void routes(RoutesConfig routes) {
        for (Route r : table) {
            routes.addHttpHandler(r.method(), r.path(), guarded(r));
        }
    }

    private Handler guarded(Route r) {
        return ctx -> {
            Optional<Principal> principal = accounts.authenticate(bearer(ctx));
            if (r.access() != Access.PUBLIC) {
                if (principal.isEmpty()) {
                    throw new TonearmException.Unauthorized(bearer(ctx) == null ? "Authentication required"
                        : "Invalid or expired token");
                }
                if (r.access() == Access.ADMIN && !principal.get().isAdmin()) {
                    throw new TonearmException.Forbidden("Admin access required");
                }
            }
            try {
                r.action().handle(ctx, principal.orElse(null));
            } catch (ConfigRoutes.InvalidFields e) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", e.getMessage());
                body.put("details", e.problems.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
                ctx.status(400).json(body);
            } catch (TonearmException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "Internal server error");
                body.put("details", "the server logged what went wrong");
                if (devMode) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    body.put("traceback", trace.toString());
                }
                ctx.status(500).json(body);
            }
        };
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public void error(Context ctx, TonearmException e) {
        if (e instanceof TonearmException.Unauthorized) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        int status = ErrorStatus.of(ctx, e);
        write(ctx, status, e.getMessage());
    }

    @Override
    public void status(Context ctx, int status, String message) {
        // Spotizerr answers oversized bodies as a validation error
        write(ctx, status == 413 ? 400 : status, message);
    }

    private static void write(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("details", reason(status));
        ctx.status(status).json(body);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 429 -> "Too many requests";
            case 502 -> "Upstream service failed";
            case 503 -> "Unavailable";
            default -> "Error";
        };
    }
}

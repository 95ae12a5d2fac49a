package org.tonearm.http.manage;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tonearm.account.Principal;
import org.tonearm.store.ConfigService;
import org.tonearm.store.DownloadConfig;
import org.tonearm.store.FieldProblem;
import org.tonearm.store.WatchConfig;

/** {@code /api/config/...}: the live download and watch configuration. */
final class ConfigRoutes {
    private final ConfigService config;

    ConfigRoutes(ConfigService config) {
        this.config = config;
    }

    List<Route> routes() {
        return List.of(
            new Route(GET, "/api/config/", Access.USER, null, (ctx, p) -> ctx.json(Wire.config(config.download()))),
            new Route(POST, "/api/config/", Access.ADMIN, Wire.ConfigBody.class, this::update),
            new Route(PUT, "/api/config/", Access.ADMIN, Wire.ConfigBody.class, this::update),
            new Route(GET, "/api/config/check", Access.ADMIN, null, this::check),
            new Route(POST, "/api/config/validate", Access.ADMIN, Wire.ConfigBody.class, this::validate),
            new Route(GET, "/api/config/watch", Access.USER, null, (ctx, p) -> ctx.json(Wire.watch(config.watch()))),
            new Route(POST, "/api/config/watch", Access.ADMIN, Wire.WatchBody.class, this::updateWatch),
            new Route(PUT, "/api/config/watch", Access.ADMIN, Wire.WatchBody.class, this::updateWatch),
            new Route(POST, "/api/config/watch/validate", Access.ADMIN, Wire.WatchBody.class, this::validateWatch));
    }

    private void update(Context ctx, Principal p) {
        DownloadConfig next = JsonBodies.read(ctx, Wire.ConfigBody.class).over(config.download());
        rejectProblems(config.check(next));
        ctx.json(Wire.config(config.update(next)));
    }

    private void check(Context ctx, Principal p) {
        ctx.json(verdict(config.check(config.download())));
    }

    private void validate(Context ctx, Principal p) {
        List<FieldProblem> problems = config.check(JsonBodies.read(ctx, Wire.ConfigBody.class).over(config.download()));
        rejectProblems(problems);
        ctx.json(verdict(problems));
    }

    private void updateWatch(Context ctx, Principal p) {
        WatchConfig next = JsonBodies.read(ctx, Wire.WatchBody.class).over(config.watch());
        rejectProblems(config.check(next));
        ctx.json(Wire.watch(config.update(next)));
    }

    private void validateWatch(Context ctx, Principal p) {
        List<FieldProblem> problems = config.check(JsonBodies.read(ctx, Wire.WatchBody.class).over(config.watch()));
        rejectProblems(problems);
        ctx.json(verdict(problems));
    }

    private static void rejectProblems(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidFields(problems);
        }
    }

    private static Map<String, Object> verdict(List<FieldProblem> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", problems.isEmpty());
        m.put("errors", problems.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        return m;
    }

    /** Invalid configuration fields, rendered as a 400 whose details list every field. */
    static final class InvalidFields extends RuntimeException {
        final List<FieldProblem> problems;

        InvalidFields(List<FieldProblem> problems) {
            super("Invalid configuration: " + String.join("; ", problems.stream().map(FieldProblem::toString).toList()));
            this.problems = problems;
        }
    }
}

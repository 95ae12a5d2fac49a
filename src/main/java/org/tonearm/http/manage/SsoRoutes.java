package org.tonearm.http.manage;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tonearm.account.AccountService;
import org.tonearm.account.Principal;
import org.tonearm.account.SsoService;

/** {@code /api/auth/sso/...}: provider status, login redirect, callback, unlink. */
final class SsoRoutes {
    private final SsoService sso;
    private final AccountService accounts;

    SsoRoutes(SsoService sso, AccountService accounts) {
        this.sso = sso;
        this.accounts = accounts;
    }

    List<Route> routes() {
        return List.of(
            new Route(GET, "/api/auth/sso/status", Access.PUBLIC, null, this::status),
            new Route(GET, "/api/auth/sso/login/{provider}", Access.PUBLIC, null, this::login),
            new Route(GET, "/api/auth/sso/callback/{provider}", Access.PUBLIC, null, this::callback),
            new Route(POST, "/api/auth/sso/unlink/{provider}", Access.USER, null, this::unlink));
    }

    private void status(Context ctx, Principal p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sso_enabled", sso.enabled());
        body.put("providers", sso.providers().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("display_name", s.displayName());
            m.put("enabled", s.enabled());
            m.put("login_url", s.loginUrl());
            return m;
        }).toList());
        body.put("registration_enabled", accounts.registrationOpen() && sso.config().allowNewAccounts());
        ctx.json(body);
    }

    private static String cookieName(String provider) {
        return "tonearm_sso_" + provider.replaceAll("[^a-z0-9]", "");
    }

    private void login(Context ctx, Principal p) {
        String provider = ctx.pathParam("provider");
        SsoService.Start start = sso.begin(provider, Optional.ofNullable(p));
        // Lax: the cookie comes back on the provider's top-level redirect to the callback, not on cross-site posts
        ctx.header("Set-Cookie", cookieName(provider) + "=" + start.browserNonce() + "; Path=/api/auth/sso/callback/"
            + provider + "; Max-Age=600; HttpOnly; SameSite=Lax" + (sso.config().callbackBase().getScheme().equals("https")
            ? "; Secure" : ""));
        ctx.redirect(start.redirect().toString(), HttpStatus.FOUND);
    }

    private void callback(Context ctx, Principal p) {
        Map<String, String> params = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v.getFirst());
            }
        });
        String provider = ctx.pathParam("provider");
        AccountService.Session session = sso.complete(provider, params, ctx.cookie(cookieName(provider)));
        ctx.header("Set-Cookie", cookieName(provider) + "=; Path=/api/auth/sso/callback/" + provider + "; Max-Age=0; HttpOnly; SameSite=Lax");
        String target = sso.config().successRedirect();
        if (target != null && !target.isBlank()) {
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(target + "#access_token=" + URLEncoder.encode(session.accessToken(), StandardCharsets.UTF_8)
                + "&token_type=bearer", HttpStatus.FOUND);
        } else {
            ctx.header("Cache-Control", "no-store");
            ctx.json(AuthRoutes.session(session));
        }
    }

    private void unlink(Context ctx, Principal p) {
        sso.unlink(p, ctx.pathParam("provider"));
        ctx.json(Wire.message(ctx.pathParam("provider") + " unlinked"));
    }
}

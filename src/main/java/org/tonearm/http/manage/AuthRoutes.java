package org.tonearm.http.manage;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tonearm.account.AccountService;
import org.tonearm.account.Principal;
import org.tonearm.account.Role;
import org.tonearm.account.SsoService;
import org.tonearm.account.User;

/** {@code /api/auth/...}: status, login, registration, logout, profile and admin user management. */
final class AuthRoutes {
    private final AccountService accounts;
    private final SsoService sso;

    AuthRoutes(AccountService accounts, SsoService sso) {
        this.accounts = accounts;
        this.sso = sso;
    }

    List<Route> routes() {
        return List.of(
            new Route(GET, "/api/auth/status", Access.PUBLIC, null, this::status),
            new Route(POST, "/api/auth/login", Access.PUBLIC, Wire.LoginBody.class, this::login),
            new Route(POST, "/api/auth/register", Access.PUBLIC, Wire.RegisterBody.class, this::register),
            new Route(POST, "/api/auth/logout", Access.USER, null, this::logout),
            new Route(GET, "/api/auth/profile", Access.USER, null, this::profile),
            new Route(PUT, "/api/auth/profile/password", Access.USER, Wire.ChangePasswordBody.class, this::changePassword),
            new Route(GET, "/api/auth/users", Access.ADMIN, null, this::users),
            new Route(POST, "/api/auth/users/create", Access.ADMIN, Wire.CreateUserBody.class, this::createUser),
            new Route(DELETE, "/api/auth/users/{username}", Access.ADMIN, null, this::deleteUser),
            new Route(PUT, "/api/auth/users/{username}/role", Access.ADMIN, Wire.RoleBody.class, this::setRole),
            new Route(PUT, "/api/auth/users/{username}/password", Access.ADMIN, Wire.ResetPasswordBody.class, this::resetPassword));
    }

    private void status(Context ctx, Principal p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("auth_enabled", accounts.config().authEnabled());
        body.put("authenticated", p != null);
        body.put("user", p == null ? null : userOf(p));
        body.put("registration_enabled", accounts.config().authEnabled() && accounts.registrationOpen());
        body.put("sso_enabled", sso.enabled());
        body.put("sso_providers", sso.enabledProviderNames());
        ctx.json(body);
    }

    private Map<String, Object> userOf(Principal p) {
        return p.isSystem() ? Wire.system(p) : Wire.user(accounts.profile(p));
    }

    private void login(Context ctx, Principal p) {
        Wire.LoginBody body = JsonBodies.read(ctx, Wire.LoginBody.class);
        ctx.json(session(accounts.login(ctx.ip(), body.username(), body.password())));
    }

    static Map<String, Object> session(AccountService.Session s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", s.accessToken());
        out.put("token_type", "bearer");
        out.put("user", Wire.user(s.user()));
        return out;
    }

    private void register(Context ctx, Principal p) {
        Wire.RegisterBody body = JsonBodies.read(ctx, Wire.RegisterBody.class);
        if (!accounts.config().authEnabled()) {
            throw new org.tonearm.TonearmException.InvalidInput("Authentication is disabled; there is nothing to register for");
        }
        User user = accounts.register(body.username(), body.password(), body.email());
        Map<String, Object> out = Wire.message("User registered successfully");
        out.put("user", Wire.user(user));
        ctx.json(out);
    }

    private void logout(Context ctx, Principal p) {
        accounts.logout(p);
        ctx.json(Wire.message("Logged out"));
    }

    private void profile(Context ctx, Principal p) {
        ctx.json(userOf(p));
    }

    private void changePassword(Context ctx, Principal p) {
        Wire.ChangePasswordBody body = JsonBodies.read(ctx, Wire.ChangePasswordBody.class);
        AccountService.Session s = accounts.changeOwnPassword(p, ctx.ip(), body.current_password(), body.new_password());
        Map<String, Object> out = Wire.message("Password changed; other sessions were signed out");
        out.putAll(session(s));
        ctx.json(out);
    }

    private void users(Context ctx, Principal p) {
        ctx.json(accounts.list().stream().map(Wire::user).toList());
    }

    private void createUser(Context ctx, Principal p) {
        Wire.CreateUserBody body = JsonBodies.read(ctx, Wire.CreateUserBody.class);
        Role role = body.role() == null ? Role.USER : Role.parse(body.role());
        User user = accounts.create(body.username(), body.password(), body.email(), role);
        Map<String, Object> out = Wire.message("User created successfully");
        out.put("user", Wire.user(user));
        ctx.json(out);
    }

    private void deleteUser(Context ctx, Principal p) {
        String username = ctx.pathParam("username");
        accounts.delete(p, username);
        ctx.json(Wire.message("User '" + username + "' deleted"));
    }

    private void setRole(Context ctx, Principal p) {
        Wire.RoleBody body = JsonBodies.read(ctx, Wire.RoleBody.class);
        Role role = Role.parse(body.role());
        User user = accounts.setRole(p, ctx.pathParam("username"), role);
        Map<String, Object> out = Wire.message("Role updated");
        out.put("user", Wire.user(user));
        ctx.json(out);
    }

    private void resetPassword(Context ctx, Principal p) {
        Wire.ResetPasswordBody body = JsonBodies.read(ctx, Wire.ResetPasswordBody.class);
        accounts.resetPassword(ctx.pathParam("username"), body.new_password());
        ctx.json(Wire.message("Password reset; the user's sessions were signed out"));
    }
}

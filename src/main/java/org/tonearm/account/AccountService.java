package org.tonearm.account;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/** Users, roles, passwords and sessions: login with rate limiting, registration, admin user management, profile. */
public final class AccountService {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 512;

    /** A new session: the token and the user it belongs to. */
    public record Session(String accessToken, User user) {
    }

    private final AccountConfig config;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final LoginRateLimiter limiter;
    // Verifying against a real hash when the user does not exist keeps the response time from revealing which names exist.
    private final String decoyHash;

    public AccountService(AccountConfig config, UserRepository users, PasswordHasher hasher, TokenService tokens,
                          LoginRateLimiter limiter) {
        this.config = config;
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.limiter = limiter;
        this.decoyHash = hasher.hash("decoy-password-never-used");
    }

    public AccountConfig config() {
        return config;
    }

    public TokenService tokens() {
        return tokens;
    }

    public UserRepository users() {
        return users;
    }

    /** Whether {@code POST /auth/register} is open right now (always while no account exists yet). */
    public boolean registrationOpen() {
        return config.registrationEnabled() || users.count() == 0;
    }

    /** The principal for a bearer token; with authentication disabled always {@link Principal#SYSTEM}. */
    public Optional<Principal> authenticate(String bearer) {
        if (!config.authEnabled()) {
            return Optional.of(Principal.SYSTEM);
        }
        return bearer == null ? Optional.empty() : tokens.verify(bearer);
    }

    public Session login(String address, String username, String password) {
        requirePresent("username", username);
        requirePresent("password", password);
        limiter.check(address, username);
        Optional<User> user = users.find(username);
        String hash = user.map(User::passwordHash).orElse(null);
        boolean ok = hasher.verify(password, hash == null ? decoyHash : hash) && hash != null;
        if (!ok) {
            limiter.failed(address, username);
            log.info("failed login for '{}' from {}", printable(username), address);
            throw new TonearmException.Unauthorized("Invalid username or password");
        }
        limiter.succeeded(username);
        users.touchLogin(username);
        User fresh = users.find(username).orElseThrow();
        log.info("user '{}' logged in from {}", fresh.username(), address);
        return new Session(tokens.issue(fresh), fresh);
    }

    /** Self-registration; the first account ever becomes admin. */
    public User register(String username, String password, String email) {
        validateNew(username, password, email);
        String hash = hasher.hash(password);
        User created = users.jdbc().transaction(tx -> {
            boolean first = tx.count("SELECT COUNT(*) FROM users") == 0;
            if (!config.registrationEnabled() && !first) {
                throw new TonearmException.Forbidden("Registration is disabled");
            }
            if (users.find(tx, username).isPresent()) {
                throw new TonearmException.Conflict("Username '" + username + "' is already taken");
            }
            users.insert(tx, username, email, hash, first ? Role.ADMIN : Role.USER);
            return users.find(tx, username).orElseThrow();
        });
        log.info("registered user '{}' as {}", created.username(), created.role().wire());
        return created;
    }

    /** Admin creation of a user with a chosen role. */
    public User create(String username, String password, String email, Role role) {
        validateNew(username, password, email);
        String hash = hasher.hash(password);
        User created = users.jdbc().transaction(tx -> {
            if (users.find(tx, username).isPresent()) {
                throw new TonearmException.Conflict("Username '" + username + "' is already taken");
            }
            users.insert(tx, username, email, hash, role);
            return users.find(tx, username).orElseThrow();
        });
        log.info("created user '{}' as {}", created.username(), role.wire());
        return created;
    }

    /** Creates the first admin from the environment when that user does not exist yet; returns whether it did. */
    public boolean ensureAdmin(String username, String password) {
        if (users.find(username).isPresent()) {
            return false;
        }
        create(username, password, null, Role.ADMIN);
        return true;
    }

    public void logout(Principal principal) {
        tokens.revoke(principal);
        log.info("user '{}' logged out", principal.username());
    }

    public User profile(Principal principal) {
        return users.find(principal.username())
            .orElseThrow(() -> new TonearmException.Unauthorized("Account no longer exists"));
    }

    /** Changes the caller's own password after checking the current one; returns a fresh token (older ones stop working). */
    public Session changeOwnPassword(Principal principal, String address, String current, String next) {
        requirePresent("current_password", current);
        validatePassword(next);
        if (principal.isSystem()) {
            throw new TonearmException.InvalidInput("The system user has no password (authentication is disabled)");
        }
        limiter.check(address, principal.username());
        User user = profile(principal);
        if (user.passwordHash() != null && !hasher.verify(current, user.passwordHash())) {
            limiter.failed(address, principal.username());
            throw new TonearmException.Unauthorized("Current password is incorrect");
        }
        String hash = hasher.hash(next);
        users.jdbc().transaction(tx -> {
            users.setPassword(tx, user.username(), hash);
            return null;
        });
        log.info("user '{}' changed their password", user.username());
        User fresh = users.find(user.username()).orElseThrow();
        return new Session(tokens.issue(fresh), fresh);
    }

    public void resetPassword(String username, String next) {
        validatePassword(next);
        String hash = hasher.hash(next);
        users.jdbc().transaction(tx -> {
            users.find(tx, username).orElseThrow(() -> notFound(username));
            users.setPassword(tx, username, hash);
            return null;
        });
        log.info("password of '{}' reset by an admin", username);
    }

    public List<User> list() {
        return users.list();
    }

    public User setRole(Principal actor, String username, Role role) {
        User changed = users.jdbc().transaction(tx -> {
            // admins first, then the target: one lock order for every change, so concurrent changes cannot deadlock
            long admins = users.lockAndCountAdmins(tx);
            User user = users.find(tx, username).orElseThrow(() -> notFound(username));
            if (user.role() == Role.ADMIN && role != Role.ADMIN && admins <= 1) {
                throw new TonearmException.Conflict("Cannot demote the last admin");
            }
            if (user.role() != role) {
                users.setRole(tx, username, role);
            }
            return users.find(tx, username).orElseThrow();
        });
        log.info("role of '{}' set to {} by '{}'", username, role.wire(), actor.username());
        return changed;
    }

    public void delete(Principal actor, String username) {
        users.jdbc().transaction(tx -> {
            long admins = users.lockAndCountAdmins(tx);
            User user = users.find(tx, username).orElseThrow(() -> notFound(username));
            if (user.role() == Role.ADMIN && admins <= 1) {
                throw new TonearmException.Conflict("Cannot delete the last admin");
            }
            users.delete(tx, username);
            return null;
        });
        log.info("user '{}' deleted by '{}'", username, actor.username());
    }

    private static TonearmException.NotFound notFound(String username) {
        return new TonearmException.NotFound("User '" + printable(username) + "' not found");
    }

    static void validateUsername(String username) {
        requirePresent("username", username);
        if (!USERNAME.matcher(username).matches()) {
            throw new TonearmException.InvalidInput(
                "username must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private static void validateNew(String username, String password, String email) {
        validateUsername(username);
        validatePassword(password);
        if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
            throw new TonearmException.InvalidInput("email is not a valid address");
        }
    }

    static void validatePassword(String password) {
        requirePresent("password", password);
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new TonearmException.InvalidInput("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
    }

    private static void requirePresent(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new TonearmException.InvalidInput(field + " is required");
        }
    }

    /** A user-supplied name safe to log (no control characters, bounded length). */
    static String printable(String s) {
        String clean = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}

package org.tonearm.account;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/**
 * Sign-in through Google and GitHub: starts the authorization-code flow (PKCE and a one-time {@code state} kept in the
 * store), completes it on the callback by creating, finding or linking the account, and unlinks providers.
 */
public final class SsoService {
    private static final Logger log = LoggerFactory.getLogger(SsoService.class);
    private static final Duration STATE_TTL = Duration.ofMinutes(10);

    /** Where to send the browser, and the nonce the browser must bring back to the callback (as a cookie). */
    public record Start(URI redirect, String browserNonce) {
    }

    /** A provider as {@code /auth/sso/status} shows it. */
    public record ProviderStatus(String name, String displayName, boolean enabled, String loginUrl) {
    }

    private final SsoConfig config;
    private final OAuthClient client;
    private final AccountService accounts;
    private final UserRepository users;
    private final Clock clock;

    public SsoService(SsoConfig config, OAuthClient client, AccountService accounts, Clock clock) {
        this.config = config;
        this.client = client;
        this.accounts = accounts;
        this.users = accounts.users();
        this.clock = clock;
    }

    public SsoConfig config() {
        return config;
    }

    public boolean enabled() {
        return config.enabled() && accounts.config().authEnabled() && config.providers().stream().anyMatch(SsoProvider::configured);
    }

    public List<ProviderStatus> providers() {
        return config.providers().stream()
            .map(p -> new ProviderStatus(p.name(), p.displayName(), enabled() && p.configured(),
                "/api/auth/sso/login/" + p.name()))
            .toList();
    }

    public List<String> enabledProviderNames() {
        return providers().stream().filter(ProviderStatus::enabled).map(ProviderStatus::name).toList();
    }

    private SsoProvider provider(String name) {
        SsoProvider p = config.providers().stream().filter(x -> x.name().equals(name)).findFirst()
            .orElseThrow(() -> new TonearmException.NotFound("Unknown SSO provider '" + AccountService.printable(name) + "'"));
        if (!enabled() || !p.configured()) {
            throw new TonearmException.NotFound("SSO provider '" + name + "' is not enabled");
        }
        return p;
    }

    private URI callback(SsoProvider p) {
        String base = config.callbackBase().toString().replaceAll("/+$", "");
        return URI.create(base + "/api/auth/sso/callback/" + p.name());
    }

    /**
     * Starts a sign-in (or, for a signed-in user, a link). The state is also bound to the browser that started it, so a
     * callback URL handed to someone else (login CSRF) is refused.
     */
    public Start begin(String providerName, Optional<Principal> linkTo) {
        SsoProvider p = provider(providerName);
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        String nonce = new State().getValue();
        String link = linkTo.filter(x -> !x.isSystem()).map(Principal::username).orElse(null);
        long now = clock.millis();
        users.jdbc().transaction(tx -> {
            tx.update("DELETE FROM sso_states WHERE created_at < ?", now - STATE_TTL.toMillis());
            tx.update("INSERT INTO sso_states (state, provider, code_verifier, browser_hash, link_username, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", state.getValue(), p.name(), verifier.getValue(), sha256(nonce), link, now);
            return null;
        });
        return new Start(client.authorizationUrl(p, state, verifier, callback(p)), nonce);
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Pending(String verifier, String browserHash, String linkUsername, long createdAt) {
    }

    /** Completes a sign-in from the provider's redirect parameters and the browser's nonce; returns a session. */
    public AccountService.Session complete(String providerName, Map<String, String> params, String browserNonce) {
        SsoProvider p = provider(providerName);
        String stateValue = params.get("state");
        if (stateValue == null || stateValue.isBlank() || stateValue.length() > 512) {
            throw new TonearmException.InvalidInput("SSO callback without a state");
        }
        // The state is consumed before anything else, so a replayed or forged callback cannot use it twice.
        Pending pending = users.jdbc().transaction(tx -> {
            Optional<Pending> found = tx.one("SELECT code_verifier, browser_hash, link_username, created_at FROM sso_states "
                    + "WHERE state = ? AND provider = ?" + tx.forUpdate(),
                rs -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), stateValue, p.name());
            tx.update("DELETE FROM sso_states WHERE state = ?", stateValue);
            return found.orElse(null);
        });
        if (pending == null || pending.createdAt() < clock.millis() - STATE_TTL.toMillis()) {
            log.warn("SSO callback for {} with an unknown or expired state", p.name());
            throw new TonearmException.InvalidInput("Unknown or expired SSO state; start the sign-in again");
        }
        if (browserNonce == null || !java.security.MessageDigest.isEqual(sha256(browserNonce).getBytes(),
            pending.browserHash().getBytes())) {
            log.warn("SSO callback for {} from a browser that did not start the sign-in", p.name());
            throw new TonearmException.InvalidInput("This SSO sign-in was started in another browser; start it again here");
        }
        if (params.get("error") != null) {
            log.info("SSO sign-in with {} was not granted: {}", p.name(), AccountService.printable(params.get("error")));
            throw new TonearmException.Unauthorized(p.displayName() + " sign-in was not granted: "
                + AccountService.printable(params.get("error")));
        }
        String code = params.get("code");
        if (code == null || code.isBlank() || code.length() > 2048) {
            throw new TonearmException.InvalidInput("SSO callback without a code");
        }
        AccessToken token = client.exchange(p, code, new CodeVerifier(pending.verifier()), callback(p));
        Map<String, Object> info = client.userInfo(p, token);
        Object subjectValue = info.get("sub") != null ? info.get("sub") : info.get("id");
        if (subjectValue == null) {
            throw new TonearmException.UpstreamFailed(p.displayName() + " user info has no subject");
        }
        String subject = String.valueOf(subjectValue);
        String email = info.get("email") instanceof String s ? s : null;
        String username = resolveUser(p, subject, email, info, pending.linkUsername());
        users.touchLogin(username);
        User user = users.find(username).orElseThrow();
        log.info("user '{}' signed in with {}", username, p.name());
        return new AccountService.Session(accounts.tokens().issue(user), user);
    }

    private String resolveUser(SsoProvider p, String subject, String email, Map<String, Object> info, String linkUsername) {
        Optional<String> linked = users.userForSso(p.name(), subject);
        if (linkUsername != null) {
            if (linked.isPresent() && !linked.get().equals(linkUsername)) {
                throw new TonearmException.Conflict("This " + p.displayName() + " account is linked to another user");
            }
            if (linked.isEmpty()) {
                users.jdbc().transaction(tx -> {
                    users.find(tx, linkUsername).orElseThrow(() -> new TonearmException.Unauthorized("Account no longer exists"));
                    if (tx.count("SELECT COUNT(*) FROM sso_links WHERE username = ? AND provider = ?", linkUsername, p.name()) > 0) {
                        throw new TonearmException.Conflict("Another " + p.displayName() + " account is already linked");
                    }
                    users.link(tx, p.name(), subject, linkUsername, email);
                    return null;
                });
                log.info("linked {} to user '{}'", p.name(), linkUsername);
            }
            return linkUsername;
        }
        if (linked.isPresent()) {
            return linked.get();
        }
        if (!config.allowNewAccounts() && users.count() > 0) {
            throw new TonearmException.Forbidden("No account is linked to this " + p.displayName() + " login");
        }
        String base = baseName(info, email);
        return users.jdbc().transaction(tx -> {
            String name = base;
            for (int i = 2; users.find(tx, name).isPresent(); i++) {
                name = base + "-" + i;
            }
            boolean first = tx.count("SELECT COUNT(*) FROM users") == 0;
            users.insert(tx, name, email, null, first ? Role.ADMIN : Role.USER);
            users.link(tx, p.name(), subject, name, email);
            log.info("created user '{}' from a {} sign-in", name, p.name());
            return name;
        });
    }

    private static String baseName(Map<String, Object> info, String email) {
        String raw = info.get("login") instanceof String s ? s
            : email != null ? email.substring(0, Math.max(1, email.indexOf('@')))
            : info.get("name") instanceof String n ? n : "user";
        String clean = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "").replaceAll("^[^a-z0-9]+", "");
        if (clean.isEmpty()) {
            clean = "user";
        }
        return clean.length() > 56 ? clean.substring(0, 56) : clean;
    }

    /** Removes a provider link; refused when it is the only way the user can sign in. */
    public void unlink(Principal principal, String providerName) {
        if (config.providers().stream().noneMatch(x -> x.name().equals(providerName))) {
            throw new TonearmException.NotFound("Unknown SSO provider '" + AccountService.printable(providerName) + "'");
        }
        if (principal.isSystem()) {
            throw new TonearmException.InvalidInput("The system user has no SSO links (authentication is disabled)");
        }
        users.jdbc().transaction(tx -> {
            User user = users.find(tx, principal.username())
                .orElseThrow(() -> new TonearmException.Unauthorized("Account no longer exists"));
            long links = tx.count("SELECT COUNT(*) FROM sso_links WHERE username = ?", user.username());
            long thisOne = tx.count("SELECT COUNT(*) FROM sso_links WHERE username = ? AND provider = ?", user.username(),
                providerName);
            if (thisOne == 0) {
                throw new TonearmException.NotFound(providerName + " is not linked to this account");
            }
            if (user.passwordHash() == null && links <= 1) {
                throw new TonearmException.Conflict("Set a password before unlinking your only sign-in method");
            }
            users.unlink(tx, providerName, user.username());
            return null;
        });
        log.info("unlinked {} from user '{}'", providerName, principal.username());
    }
}

package org.tonearm.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.account.AccountConfig;
import org.tonearm.account.AccountService;
import org.tonearm.account.ApiClientRepository;
import org.tonearm.account.CredentialService;
import org.tonearm.account.Keys;
import org.tonearm.account.LoginRateLimiter;
import org.tonearm.account.OAuthClient;
import org.tonearm.account.PasswordHasher;
import org.tonearm.account.SecretBox;
import org.tonearm.account.SsoConfig;
import org.tonearm.account.SsoProvider;
import org.tonearm.account.SsoService;
import org.tonearm.account.TokenService;
import org.tonearm.account.UserRepository;
import org.tonearm.http.manage.ManageFace;
import org.tonearm.store.ConfigService;
import org.tonearm.store.DownloadConfig;
import org.tonearm.store.Store;
import org.tonearm.store.StoreConfig;
import org.tonearm.store.WatchConfig;

/**
 * Builds the app state and the account services from the settings: the store, users and tokens, SSO, the live
 * configuration and the credential vault. Used by {@code serve} and {@code user}; it owns the store and closes it.
 */
public final class StateWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateWiring.class);

    public final Store store;
    public final AccountService accounts;
    public final SsoService sso;
    public final ConfigService config;
    public final CredentialService credentials;
    public final ApiClientRepository apiClients;
    private final boolean devMode;

    private StateWiring(Store store, AccountService accounts, SsoService sso, ConfigService config,
                        CredentialService credentials, ApiClientRepository apiClients, boolean devMode) {
        this.store = store;
        this.accounts = accounts;
        this.sso = sso;
        this.config = config;
        this.credentials = credentials;
        this.apiClients = apiClients;
        this.devMode = devMode;
    }

    /** Opens the store in the data folder (or {@code db.url}) and builds the services on it. */
    public static StateWiring open(Settings s, Path dataDir, int httpPort) {
        String url = s.string("db.url", "");
        boolean postgres = !url.isBlank() && !url.startsWith("jdbc:sqlite:") && !url.startsWith("sqlite:");
        Store store = Store.open(new StoreConfig(url, dataDir, s.integer("db.pool-size", postgres ? 10 : 4, 1, 200)));
        try {
            Clock clock = Clock.systemUTC();
            PasswordHasher hasher = new PasswordHasher(s.integer("auth.argon2.memory-kib", 19_456, 1024, 4_194_304),
                s.integer("auth.argon2.iterations", 2, 1, 64), 1);
            UserRepository users = new UserRepository(store.jdbc());
            TokenService tokens = new TokenService(Keys.jwtKey(s.path("auth.jwt-key-file", dataDir.resolve("jwt.key"))),
                Duration.ofHours(s.integer("auth.token-hours", 168, 1, 24 * 365)), store.jdbc(), users, clock);
            LoginRateLimiter limiter = new LoginRateLimiter(new LoginRateLimiter.Limits(
                s.integer("auth.login.max-failures-per-user", 5, 1, 10_000),
                s.integer("auth.login.max-failures-per-address", 20, 1, 100_000),
                s.integer("auth.login.window-seconds", 900, 1, 86_400)), clock);
            AccountConfig ac = new AccountConfig(s.bool("auth.enabled", true), s.bool("auth.registration", false));
            AccountService accounts = new AccountService(ac, users, hasher, tokens, limiter);
            SsoService sso = new SsoService(ssoConfig(s, httpPort), new OAuthClient(), accounts, clock);
            ConfigService config = new ConfigService(store.settings(), configRules(s, dataDir));
            CredentialService credentials = new CredentialService(store.jdbc(),
                new SecretBox(Keys.secretKey(s.path("credentials.key-file", dataDir.resolve("secret.key")))));
            StateWiring w = new StateWiring(store, accounts, sso, config, credentials,
                new ApiClientRepository(store.jdbc(), hasher), s.bool("http.dev", false));
            w.firstAdmin(s);
            if (!ac.authEnabled()) {
                log.warn("authentication is disabled (auth.enabled=false): every request acts as an admin");
            }
            return w;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void firstAdmin(Settings s) {
        String user = s.string("admin.user", "");
        String password = s.string("admin.password", "");
        if (!user.isEmpty() && !password.isEmpty() && accounts.ensureAdmin(user, password)) {
            log.info("created admin '{}' from admin.user / admin.password", user);
        } else if (accounts.config().authEnabled() && accounts.users().count() == 0) {
            log.info("no accounts yet: the first user to register becomes admin (or run: tonearm user add NAME --admin)");
        }
    }

    public ManageFace face() {
        return new ManageFace(accounts, sso, config, credentials, devMode);
    }

    private static SsoConfig ssoConfig(Settings s, int httpPort) {
        String base = s.string("sso.callback-base", "http://localhost:" + (httpPort == 0 ? 8080 : httpPort));
        List<SsoProvider> providers = List.of(
            provider(s, "google", "Google", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
                "https://openidconnect.googleapis.com/v1/userinfo", "openid email profile"),
            provider(s, "github", "GitHub", "https://github.com/login/oauth/authorize",
                "https://github.com/login/oauth/access_token", "https://api.github.com/user", "read:user user:email"));
        String redirect = s.string("sso.success-redirect", "");
        return new SsoConfig(s.bool("sso.enabled", true), uri(s, "sso.callback-base", base),
            redirect.isBlank() ? null : redirect, s.bool("sso.allow-new-accounts", true), providers);
    }

    private static SsoProvider provider(Settings s, String name, String display, String authorize, String token,
                                        String userInfo, String scope) {
        String p = "sso." + name + ".";
        return new SsoProvider(name, display, s.string(p + "client-id", null), s.string(p + "client-secret", null),
            uri(s, p + "authorize-url", s.string(p + "authorize-url", authorize)),
            uri(s, p + "token-url", s.string(p + "token-url", token)),
            uri(s, p + "userinfo-url", s.string(p + "userinfo-url", userInfo)),
            s.string(p + "scope", scope));
    }

    private static URI uri(Settings s, String key, String value) {
        try {
            URI u = URI.create(value);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new Settings.InvalidSetting(key, "must be an http(s) URL, got '" + value + "'");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new Settings.InvalidSetting(key, "is not a valid URL: '" + value + "'");
        }
    }

    private static ConfigService.Rules configRules(Settings s, Path dataDir) {
        String roots = s.string("config.download-roots", dataDir.resolve("music").toString());
        List<Path> rootPaths = Arrays.stream(roots.split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(Path::of).toList();
        if (rootPaths.isEmpty()) {
            throw new Settings.InvalidSetting("config.download-roots", "needs at least one folder");
        }
        String path = rootPaths.getFirst().toAbsolutePath().normalize().toString();
        return new ConfigService.Rules(rootPaths,
            new DownloadConfig(3, "vk", true, "high", "mp3_320", false, path, "mp3"),
            new WatchConfig(false, 3600, 2, 1800));
    }

    @Override
    public void close() {
        store.close();
    }
}

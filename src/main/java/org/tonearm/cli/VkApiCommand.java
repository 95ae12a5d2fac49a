package org.tonearm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tonearm.vk.ClientAuth;
import org.tonearm.vk.FileTokenStore;
import org.tonearm.vk.Input;
import org.tonearm.vk.Rights;
import org.tonearm.vk.VkConfig;
import org.tonearm.vk.VkException;
import org.tonearm.vk.VkToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tonearm vk-api login|call|logout}: log in to the VK API once from a terminal, then call methods with the saved session. */
@Command(name = "vk-api", mixinStandardHelpOptions = true, description = "VK API client: log in once, then call methods.",
    subcommands = {VkApiCommand.Login.class, VkApiCommand.CallMethod.class, VkApiCommand.Logout.class})
public final class VkApiCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The client configuration from the {@code vk.api.*} settings. */
    public static VkConfig config(Settings s) {
        VkConfig d = VkConfig.defaults();
        URI api = uri(s, "vk.api.base-url", d.apiBase());
        URI oauth = uri(s, "vk.api.oauth-url", d.oauthBase());
        return new VkConfig(api, oauth,
                s.string("vk.api.version", d.version()),
                s.string("vk.api.lang", null),
                s.string("vk.api.user-agent", d.userAgent()),
                Duration.ofMillis(s.longValue("vk.api.connect-timeout-ms", d.connectTimeout().toMillis(), 1, 600_000)),
                Duration.ofMillis(s.longValue("vk.api.request-timeout-ms", d.requestTimeout().toMillis(), 1, 3_600_000)),
                s.integer("vk.api.max-attempts", d.maxAttempts(), 1, 100),
                Duration.ofMillis(s.longValue("vk.api.retry-delay-ms", d.retryDelay().toMillis(), 0, 600_000)),
                s.bool("vk.api.auto-delay", d.autoDelay()),
                s.bool("vk.api.auto-captcha", d.autoCaptcha()),
                s.bool("vk.api.auto-reauth", d.autoReauth()),
                s.bool("vk.api.validation", d.validation()),
                false,
                s.bool("vk.api.trace", false));
    }

    /** Where the saved sessions (token and cookies, never the password) live. */
    public static Path sessions(Settings s) {
        return s.path("vk.api.sessions-dir", s.path("data.dir", Path.of("data")).resolve("vk-api"));
    }

    private static URI uri(Settings s, String key, URI fallback) {
        String v = s.string(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new Settings.InvalidSetting(key, "must be an absolute http(s) URL, got '" + v + "'");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new Settings.InvalidSetting(key, "is not a URL: " + e.getMessage());
        }
    }

    /** Options every subcommand shares: which account of which app. */
    static final class AccountOptions {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--user", required = true, description = "VK login (email, phone or user name)")
        String user;

        @Option(names = "--app-id", description = "VK application id (default vk.api.app-id)")
        Long appId;

        @Option(names = "--scope", description = "access rights, e.g. audio,offline (default basic)")
        String scope;

        Settings settings() {
            return data.settings(Map.of());
        }

        ClientAuth auth(Settings s) {
            long app = appId != null ? appId : s.longValue("vk.api.app-id", 0, 1, Long.MAX_VALUE);
            if (app == 0) {
                throw new Settings.InvalidSetting("vk.api.app-id", "is required (or pass --app-id)");
            }
            Rights rights;
            try {
                rights = scope == null ? Rights.P_BASIC : Rights.parse(scope);
            } catch (IllegalArgumentException e) {
                throw new Settings.InvalidSetting("--scope", e.getMessage());
            }
            return new ClientAuth(config(s), app, user, rights, Input.stdin(), new FileTokenStore(sessions(s)));
        }
    }

    /** Logs in (asking for the password and any 2FA code or captcha on the terminal) and saves the session. */
    @Command(name = "login", mixinStandardHelpOptions = true, description = "Log in and save the session (the password is never saved).")
    static final class Login implements Callable<Integer> {
        @Mixin
        AccountOptions account = new AccountOptions();

        @Option(names = "--direct-secret-env", description = "log in with grant_type=password, the app secret read from this environment variable")
        String secretEnv;

        @Override
        public Integer call() {
            Settings s = account.settings();
            ClientAuth auth = account.auth(s);
            VkToken t;
            try {
                if (secretEnv != null) {
                    String secret = System.getenv(secretEnv);
                    if (secret == null || secret.isBlank()) {
                        throw new Settings.InvalidSetting("--direct-secret-env", "environment variable " + secretEnv + " is not set");
                    }
                    t = auth.authDirect(secret);
                } else {
                    t = auth.auth();
                }
            } catch (VkException e) {
                System.err.println("tonearm: VK login failed: " + e.getMessage());
                return 1;
            }
            System.out.println("logged in as VK user " + t.userId() + " with rights " + t.scope().names()
                    + "; session saved in " + sessions(s) + (t.expiresAt() == null ? "" : " (token expires " + t.expiresAt() + ")"));
            return 0;
        }
    }

    /** Calls one method with the saved session and prints VK's JSON. */
    @Command(name = "call", mixinStandardHelpOptions = true, description = "Call a VK API method: vk-api call users.get user_ids=1,2")
    static final class CallMethod implements Callable<Integer> {
        @Mixin
        AccountOptions account = new AccountOptions();

        @Parameters(index = "0", description = "method name, e.g. users.get")
        String method;

        @Parameters(index = "1..*", description = "parameters as key=value")
        List<String> params = List.of();

        @Override
        public Integer call() throws Exception {
            Map<String, String> p = new LinkedHashMap<>();
            for (String kv : params) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new Settings.InvalidSetting(kv, "parameters are key=value");
                }
                p.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            try {
                ClientAuth auth = account.auth(account.settings());
                auth.auth();
                JsonNode r = auth.api().call(method, p);
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
                return 0;
            } catch (VkException e) {
                System.err.println("tonearm: " + e.getMessage());
                return 1;
            }
        }
    }

    /** Forgets the saved session. */
    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Delete the saved session of an account.")
    static final class Logout implements Callable<Integer> {
        @Mixin
        AccountOptions account = new AccountOptions();

        @Override
        public Integer call() {
            account.auth(account.settings()).logout();
            System.out.println("VK session of " + account.user + " deleted");
            return 0;
        }
    }
}

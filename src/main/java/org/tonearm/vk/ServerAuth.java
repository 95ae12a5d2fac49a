package org.tonearm.vk;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side authorisation (VK's authorization code flow): send the user to {@link #authUrl(String)}, then trade the
 * {@code code} VK sends to the redirect URI for a token with {@link #auth(String, String)}.
 */
public final class ServerAuth {
    private static final Logger log = LoggerFactory.getLogger(ServerAuth.class);

    private final VkConfig config;
    private final long appId;
    private final URI redirectUri;
    private final Rights scope;
    private final TokenStore store;
    private final Clock clock;
    private final VkHttp http;
    private volatile VkToken token;

    /** {@code scope} null means PyVK's default for servers, {@link Rights#P_OFFLINE}. */
    public ServerAuth(VkConfig config, long appId, URI redirectUri, Rights scope, TokenStore store) {
        this(config, appId, redirectUri, scope, store, Clock.systemUTC());
    }

    ServerAuth(VkConfig config, long appId, URI redirectUri, Rights scope, TokenStore store, Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.appId = appId;
        this.redirectUri = Objects.requireNonNull(redirectUri, "redirect URI");
        this.scope = scope == null ? Rights.P_OFFLINE : scope;
        this.store = store == null ? TokenStore.none() : store;
        this.clock = clock;
        this.http = new VkHttp(config);
    }

    /** Where to send the user's browser first. */
    public URI authUrl() {
        return authUrl(null);
    }

    /** As {@link #authUrl()}, with a {@code state} value VK hands back to the redirect URI (use it against CSRF). */
    public URI authUrl(String state) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", Long.toString(appId));
        q.put("redirect_uri", redirectUri.toString());
        q.put("scope", Long.toString(scope.mask()));
        q.put("response_type", "code");
        q.put("v", config.version());
        if (state != null) {
            q.put("state", state);
        }
        return VkHttp.withQuery(URI.create(config.oauthBase() + "/authorize"), q);
    }

    /** Completes the flow; the token is also saved under {@link #account(long)} of its user. */
    public VkToken auth(String code, String clientSecret) {
        if (code == null || code.isBlank()) {
            throw new VkException.Auth("invalid_request", "no code given (VK puts it in the redirect URI's query)");
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", Long.toString(appId));
        q.put("client_secret", clientSecret);
        q.put("redirect_uri", redirectUri.toString());
        q.put("code", code);
        log.info("VK: exchanging an authorisation code for a token (app {})", appId);
        VkHttp.Response r = http.postForm(URI.create(config.oauthBase() + "/access_token"), q);
        VkToken t = OAuth.token(VkApi.parseObject(r, "VK's access_token answer", true), clock.instant(), scope, "VK's access_token answer");
        token = t;
        store.save(account(t.userId()), new TokenStore.Session(t, java.util.List.of(), clock.instant()));
        log.info("VK: authorised user {} for app {}", t.userId(), appId);
        return t;
    }

    /** The store key a user's token is saved under. */
    public String account(long userId) {
        return "app" + appId + "-user" + userId;
    }

    public Optional<VkToken> token() {
        return Optional.ofNullable(token);
    }

    public Rights scope() {
        return scope;
    }

    /** An API object for the token; error 5 cannot be recovered here because only the user can authorise again. */
    public VkApi api(Input input, Sleeper sleeper) {
        VkToken t = token;
        if (t == null) {
            throw new VkException.Auth("not_authorised", "call auth(code, clientSecret) first");
        }
        return new VkApi(config, http, t, input, sleeper, null);
    }

    public VkApi api() {
        return api(Input.none(), Sleeper.SYSTEM);
    }
}

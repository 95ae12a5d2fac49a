package org.tonearm.vk;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the VK client can be tuned with; one immutable value shared by the auth helpers and the API object.
 *
 * @param apiBase        where {@code /method/{name}} lives (VK: {@code https://api.vk.com})
 * @param oauthBase      where {@code /authorize}, {@code /token} and {@code /access_token} live (VK: {@code https://oauth.vk.com})
 * @param version        the API version sent as {@code v}
 * @param lang           the {@code lang} parameter, or null to let VK choose
 * @param userAgent      the User-Agent of every request (audio methods only answer VK's own apps' agents)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one HTTP exchange
 * @param maxAttempts    how many times one call is tried before a recoverable error is given up on
 * @param retryDelay     the first wait after "too many requests"; it doubles on every further attempt
 * @param autoDelay      retry errors 6 and 9 (too many requests, flood control) with backoff
 * @param autoCaptcha    answer error 14 by asking the input for the captcha and retrying
 * @param autoReauth     answer error 5 by authorising again when the API object came from an auth helper
 * @param validation     answer error 17 by showing the input the validation page and retrying once confirmed
 * @param raw            return whole JSON answers (errors included) instead of {@code response} and exceptions
 * @param traceRequests  log every request and answer at INFO (secrets masked), for diagnosing VK
 */
public record VkConfig(
        URI apiBase,
        URI oauthBase,
        String version,
        String lang,
        String userAgent,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration retryDelay,
        boolean autoDelay,
        boolean autoCaptcha,
        boolean autoReauth,
        boolean validation,
        boolean raw,
        boolean traceRequests) {

    public static final String DEFAULT_VERSION = "5.131";
    public static final String DEFAULT_USER_AGENT = "Tonearm-VK/0.1 (+https://github.com/tonearm)";

    public VkConfig {
        Objects.requireNonNull(apiBase, "vk.api-url");
        Objects.requireNonNull(oauthBase, "vk.oauth-url");
        Objects.requireNonNull(version, "vk.version");
        Objects.requireNonNull(userAgent, "vk.user-agent");
        Objects.requireNonNull(connectTimeout, "vk.connect-timeout");
        Objects.requireNonNull(requestTimeout, "vk.request-timeout");
        Objects.requireNonNull(retryDelay, "vk.retry-delay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("vk.max-attempts must be at least 1, got " + maxAttempts);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("vk timeouts must be positive");
        }
        apiBase = stripSlash(apiBase);
        oauthBase = stripSlash(oauthBase);
    }

    /** VK's real hosts with PyVK's recovery behaviour switched on. */
    public static VkConfig defaults() {
        return at(URI.create("https://api.vk.com"), URI.create("https://oauth.vk.com"));
    }

    /** The defaults pointed at other hosts (a local fake VK in tests, a proxy in production). */
    public static VkConfig at(URI apiBase, URI oauthBase) {
        return new VkConfig(apiBase, oauthBase, DEFAULT_VERSION, null, DEFAULT_USER_AGENT,
                Duration.ofSeconds(10), Duration.ofSeconds(30), 5, Duration.ofMillis(300),
                true, true, true, true, false, false);
    }

    public VkConfig withVersion(String v) {
        return edit(b -> b.version = v);
    }

    public VkConfig withLang(String l) {
        return edit(b -> b.lang = l);
    }

    public VkConfig withUserAgent(String ua) {
        return edit(b -> b.userAgent = ua);
    }

    public VkConfig withTimeouts(Duration connect, Duration request) {
        return edit(b -> {
            b.connectTimeout = connect;
            b.requestTimeout = request;
        });
    }

    public VkConfig withRetries(int attempts, Duration firstDelay) {
        return edit(b -> {
            b.maxAttempts = attempts;
            b.retryDelay = firstDelay;
        });
    }

    /** Switches the automatic recoveries one by one (PyVK's {@code auto_delay}, captcha, re-auth, {@code validation}). */
    public VkConfig withRecovery(boolean delay, boolean captcha, boolean reauth, boolean validate) {
        return edit(b -> {
            b.autoDelay = delay;
            b.autoCaptcha = captcha;
            b.autoReauth = reauth;
            b.validation = validate;
        });
    }

    public VkConfig withRaw(boolean r) {
        return edit(b -> b.raw = r);
    }

    public VkConfig withTraceRequests(boolean t) {
        return edit(b -> b.traceRequests = t);
    }

    /** The mutable twin the withers edit; validation happens once, in the record's constructor. */
    private static final class Draft {
        URI apiBase;
        URI oauthBase;
        String version;
        String lang;
        String userAgent;
        Duration connectTimeout;
        Duration requestTimeout;
        int maxAttempts;
        Duration retryDelay;
        boolean autoDelay;
        boolean autoCaptcha;
        boolean autoReauth;
        boolean validation;
        boolean raw;
        boolean traceRequests;
    }

    private VkConfig edit(java.util.function.Consumer<Draft> change) {
        Draft b = new Draft();
        b.apiBase = apiBase;
        b.oauthBase = oauthBase;
        b.version = version;
        b.lang = lang;
        b.userAgent = userAgent;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.maxAttempts = maxAttempts;
        b.retryDelay = retryDelay;
        b.autoDelay = autoDelay;
        b.autoCaptcha = autoCaptcha;
        b.autoReauth = autoReauth;
        b.validation = validation;
        b.raw = raw;
        b.traceRequests = traceRequests;
        change.accept(b);
        return new VkConfig(b.apiBase, b.oauthBase, b.version, b.lang, b.userAgent, b.connectTimeout, b.requestTimeout,
                b.maxAttempts, b.retryDelay, b.autoDelay, b.autoCaptcha, b.autoReauth, b.validation, b.raw, b.traceRequests);
    }

    /** The wait before retry number {@code n} (0-based): {@code retryDelay * 2^n}. */
    public Duration backoff(int n) {
        return retryDelay.multipliedBy(1L << Math.min(n, 20));
    }

    private static URI stripSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }
}

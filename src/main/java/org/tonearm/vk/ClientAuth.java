package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side authorisation with the user's login and password: VK's implicit flow through the login pages
 * ({@link #auth()}) or direct login with an app secret ({@link #authDirect(String)}). 2FA codes, phone digits and
 * captchas are asked from the {@link Input}. The password lives only for the duration of one login; the token and
 * the session cookies are saved in the {@link TokenStore}, so the next start needs no password.
 */
public final class ClientAuth {
    private static final Logger log = LoggerFactory.getLogger(ClientAuth.class);
    private static final int MAX_STEPS = 30;

    private final VkConfig config;
    private final long appId;
    private final String username;
    private final Rights scope;
    private final Input input;
    private final TokenStore store;
    private final Sleeper sleeper;
    private final Clock clock;
    private final VkHttp http;
    private volatile VkToken token;
    private volatile String directSecret;

    /** {@code scope} null means {@link Rights#P_BASIC}; {@code store} null remembers nothing. */
    public ClientAuth(VkConfig config, long appId, String username, Rights scope, Input input, TokenStore store) {
        this(config, appId, username, scope, input, store, Sleeper.SYSTEM, Clock.systemUTC());
    }

    public ClientAuth(VkConfig config, long appId, String username, Rights scope, Input input, TokenStore store,
            Sleeper sleeper, Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.appId = appId;
        this.input = input == null ? Input.stdin() : input;
        this.username = username != null && !username.isBlank() ? username : ask(Input.Kind.USERNAME, "VK login", Map.of());
        this.scope = scope == null ? Rights.P_BASIC : scope;
        this.store = store == null ? TokenStore.none() : store;
        this.sleeper = sleeper;
        this.clock = clock;
        this.http = new VkHttp(config);
        this.store.load(account()).ifPresent(s -> http.restoreCookies(s.cookies()));
    }

    /** The key this account's session is stored under. */
    public String account() {
        return "app" + appId + "-" + username;
    }

    public Optional<VkToken> token() {
        return Optional.ofNullable(token);
    }

    /**
     * Authorises through the login pages, reusing the saved token if VK still accepts it, then the saved cookies
     * (VK skips the password for a known session), and only then asking for the password.
     */
    public VkToken auth() {
        Optional<VkToken> saved = savedToken();
        if (saved.isPresent()) {
            token = saved.get();
            return token;
        }
        return implicitFlow();
    }

    /**
     * Authorises with {@code grant_type=password} (VK's direct auth, for apps VK allows it, such as its own clients),
     * answering {@code need_validation} with the 2FA code and {@code need_captcha} with the captcha.
     */
    public VkToken authDirect(String clientSecret) {
        directSecret = Objects.requireNonNull(clientSecret, "client secret");
        Optional<VkToken> saved = savedToken();
        if (saved.isPresent()) {
            token = saved.get();
            return token;
        }
        return directFlow(clientSecret);
    }

    /** The API object; on error 5 it authorises again the same way this object did. */
    public VkApi api() {
        if (token == null) {
            throw new VkException.Auth("not_authorised", "call auth() first");
        }
        return new VkApi(config, http, token, input, sleeper, this::renew);
    }

    /** Forgets the saved session (token and cookies). */
    public void logout() {
        token = null;
        store.delete(account());
        http.clearCookies();
    }

    private synchronized VkToken renew() {
        store.delete(account());
        String secret = directSecret;
        return secret != null ? directFlow(secret) : implicitFlow();
    }

    private Optional<VkToken> savedToken() {
        Optional<TokenStore.Session> s = store.load(account());
        if (s.isEmpty() || s.get().token().expired(clock.instant()) || !s.get().token().scope().includes(scope)) {
            return Optional.empty();
        }
        try {
            Rights granted = OAuth.checkToken(config, http, s.get().token());
            log.info("VK: reusing the saved token of {}", username);
            return Optional.of(s.get().token().withScope(granted));
        } catch (VkException.Api e) {
            log.info("VK: the saved token of {} is no longer accepted ({}); logging in again", username, e.errorMsg());
            return Optional.empty();
        }
    }

    private VkToken implicitFlow() {
        URI redirect = URI.create(config.oauthBase() + "/blank.html");
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", Long.toString(appId));
        q.put("scope", Long.toString(scope.mask()));
        q.put("redirect_uri", redirect.toString());
        q.put("display", "mobile");
        q.put("v", config.version());
        q.put("response_type", "token");
        log.info("VK: logging in {} (app {})", username, appId);
        VkHttp.Response r = http.get(VkHttp.withQuery(URI.create(config.oauthBase() + "/authorize"), q));
        String password = null;
        boolean codeSent = false;
        boolean captchaSent = false;
        for (int step = 0; step < MAX_STEPS; step++) {
            if (r.isRedirect()) {
                URI next = r.uri().resolve(r.location());
                if (sameEndpoint(next, redirect)) {
                    return finish(OAuth.fromFragment(next, clock.instant(), scope));
                }
                r = http.get(next);
                continue;
            }
            if (r.status() != 200) {
                throw new VkException.Protocol("VK's login page " + VkHttp.redactUri(r.uri()) + " answered HTTP " + r.status());
            }
            Document doc = Jsoup.parse(r.text(), r.uri().toString());
            Element warning = doc.selectFirst(".service_msg_warning");
            Element form = doc.selectFirst("form");
            if (form == null) {
                throw new VkException.Protocol("VK's login page " + VkHttp.redactUri(r.uri()) + " has no form (title '" + doc.title() + "')");
            }
            String action = form.absUrl("action");
            if (action.isEmpty()) {
                throw new VkException.Protocol("VK's login form has no action");
            }
            String act = OAuth.query(URI.create(action).getRawQuery()).getOrDefault("act", "");
            Map<String, String> fields = fields(form);
            Element captchaImg = form.selectFirst("img[src*=captcha]");
            boolean hasCaptcha = fields.containsKey("captcha_sid");
            switch (act) {
                case "login" -> {
                    if (warning != null && password != null && !(hasCaptcha && !captchaSent)) {
                        throw new VkException.Auth("invalid_credentials", "VK refused the login: " + warning.text());
                    }
                    if (password == null) {
                        password = ask(Input.Kind.PASSWORD, "VK password for " + username, Map.of());
                    }
                    fields.put("email", username);
                    fields.put("pass", password);
                    if (hasCaptcha) {
                        captchaSent = fillCaptcha(fields, captchaImg);
                    }
                    log.info("VK: sending the login form");
                    r = http.postForm(URI.create(action), fields);
                }
                case "authcheck_code" -> {
                    if (warning != null && codeSent) {
                        throw new VkException.Auth("invalid_code", "VK refused the 2FA code: " + warning.text());
                    }
                    if (!fields.containsKey("code")) {
                        throw new VkException.Protocol("VK's 2FA page has unexpected formatting: no code field");
                    }
                    fields.put("code", ask(Input.Kind.SECRET_CODE, "VK 2FA code for " + username, Map.of()));
                    fields.put("remember", "1");
                    codeSent = true;
                    log.info("VK: sending the 2FA code");
                    r = http.postForm(URI.create(action), fields);
                }
                case "security_check" -> {
                    if (warning != null && codeSent) {
                        throw new VkException.Auth("invalid_code", "VK refused the phone number: " + warning.text());
                    }
                    Elements parts = form.select(".field_prefix");
                    if (parts.size() != 2 || !fields.containsKey("code")) {
                        throw new VkException.Protocol("VK's security check page has unexpected formatting: expected the phone number's "
                                + "prefix and suffix around one field, found " + parts.size() + " parts");
                    }
                    String prefix = parts.get(0).text().replace('\u00a0', ' ').strip();
                    String suffix = parts.get(1).text().replace('\u00a0', ' ').strip();
                    fields.put("code", ask(Input.Kind.PHONE_DIGITS, "the middle digits of the phone number " + prefix + " ... " + suffix,
                            Map.of("phone_prefix", prefix, "phone_suffix", suffix)));
                    codeSent = true;
                    log.info("VK: sending the security check");
                    r = http.postForm(URI.create(action), fields);
                }
                case "grant_access" -> {
                    log.info("VK: granting the app access");
                    r = http.postForm(URI.create(action), fields);
                }
                default -> throw new VkException.Protocol("VK's login page has a form this client does not know (act='" + act + "')");
            }
        }
        throw new VkException.Protocol("VK's login did not finish after " + MAX_STEPS + " pages");
    }

    private boolean fillCaptcha(Map<String, String> fields, Element img) {
        String src = img == null ? "" : img.absUrl("src");
        fields.put("captcha_key", ask(Input.Kind.CAPTCHA, "VK wants a captcha to log in",
                Map.of("captcha_img", src, "captcha_sid", fields.get("captcha_sid"))));
        return true;
    }

    private VkToken directFlow(String clientSecret) {
        String password = ask(Input.Kind.PASSWORD, "VK password for " + username, Map.of());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "password");
        p.put("client_id", Long.toString(appId));
        p.put("client_secret", clientSecret);
        p.put("username", username);
        p.put("password", password);
        p.put("scope", Long.toString(scope.mask()));
        p.put("v", config.version());
        p.put("2fa_supported", "1");
        log.info("VK: direct login of {} (app {})", username, appId);
        for (int step = 0; step < MAX_STEPS; step++) {
            JsonNode j = VkApi.parseObject(http.postForm(URI.create(config.oauthBase() + "/token"), p), "VK's token answer", true);
            String error = j.path("error").asText("");
            switch (error) {
                case "need_validation" -> {
                    if (j.hasNonNull("validation_type")) {
                        p.put("code", ask(Input.Kind.SECRET_CODE, "VK 2FA code for " + username
                                + (j.hasNonNull("phone_mask") ? " (sent to " + j.get("phone_mask").asText() + ")" : ""), Map.of()));
                        log.info("VK: sending the 2FA code ({})", j.get("validation_type").asText());
                    } else {
                        String uri = j.path("redirect_uri").asText("");
                        if (ask(Input.Kind.VALIDATION, "VK wants the login confirmed", Map.of("redirect_uri", uri), true) == null) {
                            throw new VkException.Auth("need_validation", "confirm the login at " + uri);
                        }
                    }
                }
                case "need_captcha" -> {
                    p.put("captcha_sid", j.path("captcha_sid").asText());
                    p.put("captcha_key", ask(Input.Kind.CAPTCHA, "VK wants a captcha to log in",
                            Map.of("captcha_img", j.path("captcha_img").asText(""), "captcha_sid", j.path("captcha_sid").asText())));
                    log.info("VK: sending the captcha answer");
                }
                default -> {
                    return finish(OAuth.token(j, clock.instant(), scope, "VK's token answer"));
                }
            }
        }
        throw new VkException.Protocol("VK's direct login did not finish after " + MAX_STEPS + " answers");
    }

    private VkToken finish(VkToken t) {
        Rights granted = OAuth.checkToken(config, http, t);
        VkToken done = t.withScope(granted);
        store.save(account(), new TokenStore.Session(done, http.cookies(), clock.instant()));
        token = done;
        log.info("VK: logged in {} as user {} with rights {}", username, done.userId(), granted.names());
        return done;
    }

    private String ask(Input.Kind kind, String message, Map<String, String> details) {
        return ask(kind, message, details, false);
    }

    private String ask(Input.Kind kind, String message, Map<String, String> details, boolean nullable) {
        String a = input.ask(new Input.Prompt(kind, message, details));
        if (!nullable && (a == null || a.isBlank())) {
            throw new VkException.Auth("input_refused", "no answer to: " + message);
        }
        return a == null ? null : a.strip();
    }

    private static boolean sameEndpoint(URI a, URI b) {
        return Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort() && Objects.equals(a.getPath(), b.getPath());
    }

    /** The values a browser would submit: named inputs (checkboxes only when checked), no buttons. */
    private static Map<String, String> fields(Element form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element in : form.select("input[name]")) {
            String type = in.attr("type").toLowerCase(java.util.Locale.ROOT);
            if (type.equals("submit") || type.equals("button") || ((type.equals("checkbox") || type.equals("radio")) && !in.hasAttr("checked"))) {
                continue;
            }
            out.put(in.attr("name"), in.attr("value"));
        }
        return out;
    }
}

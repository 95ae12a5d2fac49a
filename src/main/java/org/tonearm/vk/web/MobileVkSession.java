package org.tonearm.vk.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;
import org.tonearm.vk.web.AccountStatus.State;

/**
 * One account's m.vk.com session: logs in through the site's forms, stops at a second factor until an operator
 * supplies the missing fields, keeps the cookies on disk, and notices when VK has ended the session.
 */
final class MobileVkSession {
    private static final Logger log = LoggerFactory.getLogger(MobileVkSession.class);
    static final String LOGOUT_MARK = "login.vk.com/?act=logout";
    private static final int MAX_REDIRECTS = 10;

    /** A fetched page: where the redirects ended and what it said. */
    record Page(URI uri, int status, String body) {
        boolean loggedIn() {
            return body.contains(LOGOUT_MARK);
        }

        boolean asksSecondFactor() {
            String u = uri.toString();
            return u.contains("act=authcheck_code") || u.contains("act=security_check")
                || body.contains("login?act=authcheck_code") || body.contains("act=security_check");
        }

        boolean captcha() {
            return status == 429 || body.contains("captcha_sid") || body.contains("captcha_img");
        }

        boolean loginForm() {
            return !loggedIn() && (uri.getPath().endsWith("/login") || body.contains("name=\"pass\""));
        }
    }

    /** The form VK showed for the second factor, kept until the operator answers it. */
    private record PendingForm(URI action, Map<String, String> fields, List<String> missing) {
    }

    private final VkAccount account;
    private final VkWebConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final CookieJar cookies = new CookieJar();
    private final Path cookieFile;
    private State state = State.LOGGED_OUT;
    private String message = "not logged in yet";
    private PendingForm pending;
    private Instant restingUntil = Instant.EPOCH;
    private boolean settling;

    MobileVkSession(VkAccount account, VkWebConfig config, HttpClient http, Clock clock) {
        this.account = account;
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.cookieFile = config.cookieDir().resolve("cookies-" + sha256(account.login()).substring(0, 16) + ".properties");
        try {
            cookies.load(cookieFile);
        } catch (IOException e) {
            log.warn("cannot read saved cookies of {}: {}", account.maskedLogin(), e.getMessage());
        }
        if (cookies.has("remixsid")) {
            state = State.READY;
            message = "session restored from saved cookies";
            log.info("VK account {}: reusing saved session", account.maskedLogin());
        }
    }

    VkAccount account() {
        return account;
    }

    synchronized AccountStatus status() {
        if (state == State.READY && clock.instant().isBefore(restingUntil)) {
            return new AccountStatus(account.maskedLogin(), State.RESTING, List.of(),
                message + "; resting until " + restingUntil);
        }
        return new AccountStatus(account.maskedLogin(), state, pending == null ? List.of() : pending.missing(), message);
    }

    synchronized boolean usable() {
        return state == State.READY && !clock.instant().isBefore(restingUntil);
    }

    synchronized Instant restingUntil() {
        return restingUntil;
    }

    synchronized void rest(String why) {
        restingUntil = clock.instant().plus(config.cooldown());
        message = why;
        log.warn("VK account {}: {}; resting for {}s", account.maskedLogin(), why, config.cooldown().toSeconds());
    }

    /** Logs in from scratch (forgetting old cookies). */
    synchronized AccountStatus authorize() {
        cookies.clear();
        pending = null;
        log.info("VK account {}: logging in", account.maskedLogin());
        try {
            Page loginPage = fetch("GET", config.baseUrl().resolve("login"), null);
            Element form = firstForm(loginPage);
            if (form == null) {
                return fail("the login page has no form (VK changed its page?)");
            }
            Map<String, String> fields = formFields(form);
            fields.put("email", account.login());
            fields.put("pass", account.password());
            Page after = fetch("POST", action(loginPage, form), fields);
            return settle(after);
        } catch (IOException e) {
            return fail("cannot reach VK: " + e.getMessage());
        }
    }

    /** Sends the operator's answers to the pending second-factor form. */
    synchronized AccountStatus completeSecondFactor(Map<String, String> answers) {
        if (state != State.NEEDS_SECOND_FACTOR || pending == null) {
            throw new TonearmException.Conflict("account " + account.maskedLogin() + " is not waiting for a second factor");
        }
        List<String> absent = new ArrayList<>();
        for (String f : pending.missing()) {
            String v = answers.get(f);
            if (v == null || v.isBlank()) {
                absent.add(f);
            }
        }
        if (!absent.isEmpty()) {
            throw new TonearmException.InvalidInput("missing fields: " + String.join(", ", absent));
        }
        Map<String, String> fields = new LinkedHashMap<>(pending.fields());
        for (String f : pending.missing()) {
            fields.put(f, answers.get(f).trim());
        }
        log.info("VK account {}: sending second factor", account.maskedLogin());
        try {
            return settle(fetch("POST", pending.action(), fields));
        } catch (IOException e) {
            return fail("cannot reach VK: " + e.getMessage());
        }
    }

    /** Looks at the page a login step ended on and moves the state on. */
    private AccountStatus settle(Page page) throws IOException {
        if (page.loggedIn()) {
            pending = null;
            state = State.READY;
            message = "logged in";
            restingUntil = Instant.EPOCH;
            cookies.save(cookieFile);
            log.info("VK account {}: logged in", account.maskedLogin());
            return status();
        }
        if (page.asksSecondFactor()) {
            Element form = firstForm(page);
            if (form == null) {
                return fail("VK asks for a second factor but shows no form");
            }
            Document doc = form.ownerDocument();
            Map<String, String> fields = formFields(form);
            List<String> missing = new ArrayList<>();
            for (Element input : form.select("input[name]")) {
                String type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
                if (!type.equals("hidden") && !type.equals("checkbox") && input.attr("value").isEmpty()
                    && fields.containsKey(input.attr("name"))) {
                    missing.add(input.attr("name"));
                }
            }
            Elements prefixes = form.select(".field_prefix");
            if (prefixes.size() == 2 && missing.equals(List.of("code"))) {
                String head = prefixes.get(0).text().replace('\u00a0', ' ').trim();
                String tail = prefixes.get(1).text().replace('\u00a0', ' ').trim();
                String phone = account.login().replaceAll("[^+0-9]", "");
                if (phone.startsWith(head) && phone.endsWith(tail) && phone.length() > head.length() + tail.length()) {
                    log.info("VK account {}: answering the phone check from the login", account.maskedLogin());
                    fields.put("code", phone.substring(head.length(), phone.length() - tail.length()));
                    return settleOnce(fetch("POST", action(page, form), fields));
                }
                message = "VK asks for the middle digits of the phone number " + head + "..." + tail;
            } else {
                String warning = doc == null ? "" : doc.select(".service_msg_warning").text();
                message = (warning.isBlank() ? "" : "VK says: " + warning + ". ")
                    + "VK asks for a confirmation code (second factor)";
            }
            pending = new PendingForm(action(page, form), fields, missing);
            state = State.NEEDS_SECOND_FACTOR;
            cookies.save(cookieFile);
            log.info("VK account {}: waiting for second factor fields {}", account.maskedLogin(), missing);
            return status();
        }
        if (page.captcha()) {
            return fail("VK asks for a captcha at login; try again later");
        }
        Document doc = Jsoup.parse(page.body());
        String warning = doc.select(".service_msg_warning").text();
        return fail(warning.isBlank() ? "VK did not accept the login (no logout link on " + page.uri().getPath() + ")"
            : "VK says: " + warning);
    }

    private AccountStatus settleOnce(Page page) throws IOException {
        if (settling) {
            return fail("VK keeps asking for the phone check");
        }
        settling = true;
        try {
            return settle(page);
        } finally {
            settling = false;
        }
    }

    private AccountStatus fail(String why) {
        state = State.FAILED;
        pending = null;
        message = why;
        log.warn("VK account {}: {}", account.maskedLogin(), why);
        return status();
    }

    /**
     * Fetches a page of the site with this session.
     *
     * @throws SessionDead when VK answers with its login form instead
     */
    Page get(String pathAndQuery) throws IOException, SessionDead {
        Page page = fetch("GET", config.baseUrl().resolve(pathAndQuery), null);
        if (page.captcha()) {
            return page;
        }
        if (!page.loggedIn() && (page.loginForm() || page.status() == 401 || page.status() == 403)) {
            synchronized (this) {
                cookies.clear();
                cookies.save(cookieFile);
                state = State.LOGGED_OUT;
                message = "VK ended the session";
            }
            throw new SessionDead();
        }
        return page;
    }

    /** VK answered a page request with its login form: the saved session is gone. */
    static final class SessionDead extends Exception {
        SessionDead() {
            super("session ended", null, false, false);
        }
    }

    private Page fetch(String method, URI uri, Map<String, String> form) throws IOException {
        URI current = uri;
        String m = method;
        Map<String, String> body = form;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current).timeout(config.timeout())
                .header("User-Agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36")
                .header("Accept", "text/html,application/xhtml+xml");
            String cookie = cookies.header();
            if (!cookie.isEmpty()) {
                b.header("Cookie", cookie);
            }
            if ("POST".equals(m)) {
                b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(urlEncode(body)));
            } else {
                b.GET();
            }
            HttpResponse<String> res;
            try {
                res = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            cookies.absorb(res.headers());
            int s = res.statusCode();
            if (s >= 300 && s < 400 && res.headers().firstValue("location").isPresent()) {
                current = current.resolve(res.headers().firstValue("location").get().trim());
                if (s != 307 && s != 308) {
                    m = "GET";
                    body = null;
                }
                continue;
            }
            return new Page(current, s, res.body());
        }
        throw new IOException("too many redirects from " + uri.getPath());
    }

    private static Element firstForm(Page page) {
        return Jsoup.parse(page.body(), page.uri().toString()).selectFirst("form");
    }

    private static URI action(Page page, Element form) {
        String a = form.attr("action");
        return a.isBlank() ? page.uri() : page.uri().resolve(a.trim().replace(" ", "%20"));
    }

    /** The text and hidden inputs of a form, as thatmusic reads them (checkboxes keep their value when checked). */
    private static Map<String, String> formFields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
            switch (type) {
                case "", "text", "hidden", "tel", "email", "password" -> fields.put(input.attr("name"), input.attr("value"));
                case "checkbox" -> {
                    if (input.hasAttr("checked")) {
                        fields.put(input.attr("name"), input.attr("value").isEmpty() ? "on" : input.attr("value"));
                    }
                }
                default -> {
                }
            }
        }
        return fields;
    }

    private static String urlEncode(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

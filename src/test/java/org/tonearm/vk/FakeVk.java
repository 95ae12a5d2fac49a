package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A local VK on a random loopback port: the API ({@code /method/{name}}, {@code execute}, an upload server) and OAuth
 * ({@code /authorize}, the login, 2FA and security-check pages, {@code /token}, {@code /access_token}), answering in the
 * shapes of PyVK's recorded fixtures. Scriptable ({@link #failNext}, {@link #requireCaptcha}, {@link #expireTokensAfter},
 * {@link #answerNext}) and it records every request it gets. Shared by every test that needs VK.
 */
public final class FakeVk implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API_CALL = Pattern.compile("API\\.([A-Za-z0-9]+\\.[A-Za-z0-9]+)\\((\\{.*?\\})\\)");
    private static final Set<String> PUBLIC_METHODS = Set.of("users.get", "users.getFollowers", "execute");

    /** One request as the fake received it; {@code params} merges the query string and a form body. */
    public record Request(String verb, String path, String method, Map<String, String> params, String userAgent, String cookies) {
    }

    /** A file that reached the upload server. */
    public record Uploaded(String kind, String field, String filename, byte[] content) {
    }

    /** A VK user who can log in; 2FA and the security check are off until set. */
    public static final class Account {
        final String login;
        final String password;
        final long userId;
        volatile String twoFactorCode;
        volatile String phoneMiddle;
        final Set<Long> grantedApps = Collections.synchronizedSet(new HashSet<>());

        Account(String login, String password, long userId) {
            this.login = login;
            this.password = password;
            this.userId = userId;
        }

        /** Logins need this code after the password (the authcheck page, {@code need_validation} in direct auth). */
        public Account twoFactor(String code) {
            this.twoFactorCode = code;
            return this;
        }

        /** Logins need the middle digits of the phone {@code +22 <digits> 22} (the fixture's security check). */
        public Account securityCheck(String middleDigits) {
            this.phoneMiddle = middleDigits;
            return this;
        }

        public long userId() {
            return userId;
        }
    }

    private record TokenInfo(long userId, long scope) {
    }

    private record Pending(long appId, long scope, String redirectUri, String state) {
    }

    private record CodeGrant(long appId, long userId, String redirectUri, long scope) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI base;
    private final AtomicLong ids = new AtomicLong(1000);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Uploaded> uploads = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<Long, String> apps = new HashMap<>();
    private final Map<String, TokenInfo> tokens = new HashMap<>();
    private final Map<String, Long> sessions = new HashMap<>();
    private final Map<String, Pending> pendings = new HashMap<>();
    private final Map<String, Account> pendingLogins = new HashMap<>();
    private final Map<String, CodeGrant> codes = new HashMap<>();
    private final Map<String, Deque<Integer>> failures = new HashMap<>();
    private final Map<String, Deque<String>> scriptedBodies = new HashMap<>();
    private final Map<String, String> captchaAnswers = new HashMap<>();
    private final Map<String, String> captchaSids = new HashMap<>();
    private final Set<String> validations = new HashSet<>();
    private final Map<String, List<JsonNode>> paged = new HashMap<>();
    private final Map<String, java.util.function.Function<Map<String, String>, JsonNode>> handlers = new HashMap<>();
    private final Map<String, String> uploadHashes = new HashMap<>();
    private final Set<String> savedMedia = new HashSet<>();
    private volatile String loginCaptcha;
    private volatile String loginCaptchaSid;
    private volatile String directCaptcha;
    private volatile String directCaptchaSid;
    private volatile boolean corruptSecurityCheck;
    private volatile long tokenLifetime = 86400;
    private int expireAfter = -1;

    private FakeVk() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        apps.put(909090L, "fake-client-secret");
    }

    /** Starts a fake with app {@code 909090} (secret {@code fake-client-secret}) and no users. */
    public static FakeVk start() {
        try {
            return new FakeVk();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake VK", e);
        }
    }

    public URI baseUri() {
        return base;
    }

    /** Client settings pointing both the API and OAuth at this fake. */
    public VkConfig config() {
        return VkConfig.at(base, base);
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- scripting ------------------------------------------------------------------------------------------------

    public synchronized Account account(String login, String password) {
        Account a = new Account(login, password, ids.incrementAndGet());
        accounts.put(login, a);
        return a;
    }

    public synchronized void app(long appId, String secret) {
        apps.put(appId, secret);
    }

    /** A token VK would accept, as if issued earlier. */
    public synchronized String issueToken(long userId, Rights scope) {
        String t = newToken();
        tokens.put(t, new TokenInfo(userId, scope.mask()));
        return t;
    }

    /** An API object for {@code a} with a fresh all-rights token; questions refused, waits recorded by {@code sleeper}. */
    public VkApi api(Account a, Sleeper sleeper) {
        return new VkApi(config(), VkToken.of(issueToken(a.userId(), Rights.P_ALL)), Input.none(), sleeper);
    }

    /** Every token issued so far stops working (error 5); login sessions (cookies) stay valid. */
    public synchronized void revokeTokens() {
        tokens.clear();
    }

    /** After {@code calls} more successful calls with a token, every token issued so far stops working. */
    public synchronized void expireTokensAfter(int calls) {
        expireAfter = calls;
    }

    /** Forgets every login session, so the next authorisation needs the password again. */
    public synchronized void dropSessions() {
        sessions.clear();
    }

    /** Tokens from the login flows live this long ({@code 0}: never expire, like {@code offline}). */
    public void tokenLifetime(long seconds) {
        tokenLifetime = seconds;
    }

    /** The next {@code times} calls of {@code method} answer VK error {@code code} (6 and 5 in their fixture shapes). */
    public synchronized void failNext(String method, int code, int times) {
        Deque<Integer> q = failures.computeIfAbsent(method, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(code);
        }
    }

    /** Calls of {@code method} answer error 14 until one carries {@code answer} as {@code captcha_key}. */
    public synchronized void requireCaptcha(String method, String answer) {
        captchaAnswers.put(method, answer);
    }

    /** The next call of {@code method} answers error 17 with a {@code redirect_uri}. */
    public synchronized void requireValidation(String method) {
        validations.add(method);
    }

    /**
     * The next call of {@code method} (an API method, {@code /token} or {@code /access_token}) gets a fixture's bytes
     * verbatim; for {@code /authorize} the fixture is the login page served (its form pointed at this fake).
     */
    public synchronized void answerNext(String method, String fixture) {
        scriptedBodies.computeIfAbsent(method, k -> new ArrayDeque<>()).add(fixture);
    }

    /** {@code method} becomes paginated ({@code {count, items}}) over these items. */
    public synchronized void items(String method, List<JsonNode> items) {
        paged.put(method, List.copyOf(items));
    }

    /**
     * {@code method} answers what {@code handler} returns for the call's parameters (token already checked, recorded
     * and scripted failures applied first); return {@link #errorObject} for a VK error.
     */
    public synchronized void method(String name, java.util.function.Function<Map<String, String>, JsonNode> handler) {
        handlers.put(name, handler);
    }

    /** A VK error object a {@link #method} handler can return. */
    public ObjectNode errorObject(int code, String message, String method, Map<String, String> params) {
        return error(code, method, params).put("error_msg", message);
    }

    /** The login form asks for a captcha until {@code answer} is typed. */
    public void loginCaptcha(String answer) {
        loginCaptcha = answer;
    }

    /** Direct auth answers {@code need_captcha} (after any 2FA) until {@code answer} is sent. */
    public void directCaptcha(String answer) {
        directCaptcha = answer;
    }

    /** The security check page is served with a third phone fragment, as in {@code security_check_corrupt.html}. */
    public void corruptSecurityCheck(boolean on) {
        corruptSecurityCheck = on;
    }

    /** Marks the app as already granted by the user, so logins skip the grant page. */
    public void granted(Account a, long appId) {
        a.grantedApps.add(appId);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Requests of one API method ({@code users.get}) or to one path ({@code /token}). */
    public List<Request> requests(String methodOrPath) {
        return requests().stream().filter(r -> methodOrPath.equals(r.method()) || methodOrPath.equals(r.path())).toList();
    }

    public List<Uploaded> uploads() {
        synchronized (uploads) {
            return List.copyOf(uploads);
        }
    }

    public synchronized boolean tokenValid(String token) {
        return tokens.containsKey(token);
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            Map<String, String> params = new LinkedHashMap<>(OAuth.query(ex.getRequestURI().getRawQuery()));
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            boolean multipart = contentType != null && contentType.startsWith("multipart/form-data");
            if (!multipart && body.length > 0) {
                params.putAll(OAuth.query(new String(body, StandardCharsets.UTF_8)));
            }
            String method = path.startsWith("/method/") ? path.substring("/method/".length()) : null;
            requests.add(new Request(ex.getRequestMethod(), path, method, Map.copyOf(params),
                    ex.getRequestHeaders().getFirst("User-Agent"), ex.getRequestHeaders().getFirst("Cookie")));
            Map<String, String> cookies = cookies(ex);
            synchronized (this) {
                if (method != null) {
                    sendJson(ex, api(method, params));
                } else if (path.startsWith("/upload/")) {
                    upload(ex, path.substring("/upload/".length()), contentType, body);
                } else {
                    switch (path) {
                        case "/authorize" -> authorize(ex, params, cookies);
                        case "/login", "/login.php" -> login(ex, params, cookies);
                        case "/token" -> directToken(ex, params);
                        case "/access_token" -> accessToken(ex, params);
                        case "/blank.html" -> send(ex, 200, "text/html; charset=windows-1251", Fixtures.bytes("blank.html"));
                        case "/captcha.php" -> send(ex, 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                        default -> send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    // ---- API ------------------------------------------------------------------------------------------------------

    private String api(String method, Map<String, String> params) {
        Deque<String> scripted = scriptedBodies.get(method);
        if (scripted != null && !scripted.isEmpty()) {
            return Fixtures.text(scripted.poll());
        }
        ObjectNode answer = JSON.createObjectNode();
        JsonNode result = apiResult(method, params, answer);
        if (result instanceof ObjectNode err && err.has("error_code")) {
            answer.set("error", err);
        } else {
            answer.set("response", result);
        }
        return answer.toString();
    }

    /** The response, or an error object (it has {@code error_code}); {@code answer} receives {@code execute_errors}. */
    private JsonNode apiResult(String method, Map<String, String> params, ObjectNode answer) {
        Deque<Integer> fail = failures.get(method);
        if (fail != null && !fail.isEmpty()) {
            return error(fail.poll(), method, params);
        }
        String token = params.get("access_token");
        TokenInfo who = token == null ? null : tokens.get(token);
        if (token != null && who == null || token == null && !PUBLIC_METHODS.contains(method)) {
            return error(5, method, params);
        }
        String captcha = captchaAnswers.get(method);
        if (captcha != null) {
            String sid = captchaSids.get(method);
            if (sid != null && sid.equals(params.get("captcha_sid")) && captcha.equals(params.get("captcha_key"))) {
                captchaAnswers.remove(method);
                captchaSids.remove(method);
            } else {
                String fresh = Long.toString(ids.incrementAndGet());
                captchaSids.put(method, fresh);
                ObjectNode e = error(14, method, params);
                e.put("captcha_sid", fresh);
                e.put("captcha_img", base + "/captcha.php?sid=" + fresh + "&s=1");
                return e;
            }
        }
        if (validations.remove(method)) {
            ObjectNode e = error(17, method, params);
            e.put("error_msg", "Validation required: please open redirect_uri in browser");
            e.put("redirect_uri", base + "/login?act=validate&api_hash=" + ids.incrementAndGet());
            return e;
        }
        if (who != null && expireAfter >= 0 && expireAfter-- == 0) {
            tokens.clear();
            expireAfter = -1;
            return error(5, method, params);
        }
        return dispatch(method, params, who, answer);
    }

    private JsonNode dispatch(String method, Map<String, String> params, TokenInfo who, ObjectNode answer) {
        var handler = handlers.get(method);
        if (handler != null) {
            return handler.apply(params);
        }
        List<JsonNode> items = paged.get(method);
        if (items != null) {
            int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
            int count = Integer.parseInt(params.getOrDefault("count", "20"));
            ObjectNode page = JSON.createObjectNode();
            page.put("count", items.size());
            ArrayNode out = page.putArray("items");
            items.subList(Math.min(offset, items.size()), Math.min(items.size(), offset + count)).forEach(out::add);
            return page;
        }
        return switch (method) {
            case "users.get" -> users(params, who);
            case "account.getAppPermissions" -> JSON.getNodeFactory().numberNode(who.scope());
            case "execute" -> execute(params, who, answer);
            case "photos.getWallUploadServer", "docs.getUploadServer", "audio.getUploadServer" -> {
                ObjectNode s = JSON.createObjectNode();
                String kind = method.substring(0, method.indexOf('.'));
                s.put("upload_url", base + "/upload/" + kind + "?sid=" + ids.incrementAndGet());
                s.put("user_id", who.userId());
                yield s;
            }
            case "photos.saveWallPhoto", "audio.save" -> {
                String field = method.startsWith("photos") ? "photo" : "audio";
                String key = params.getOrDefault(field, "");
                if (!params.getOrDefault("hash", "-").equals(uploadHashes.get(key))) {
                    yield error(100, method, params).put("error_msg", "One of the parameters specified was missing or invalid: hash is invalid");
                }
                ObjectNode o = JSON.createObjectNode();
                o.put("id", ids.incrementAndGet());
                o.put("owner_id", who.userId());
                savedMedia.add(field + who.userId() + "_" + o.get("id").asLong());
                if (field.equals("photo")) {
                    o.put("album_id", -14);
                    yield JSON.createArrayNode().add(o);
                }
                o.put("artist", params.getOrDefault("artist", ""));
                o.put("title", params.getOrDefault("title", ""));
                yield o;
            }
            case "docs.save" -> {
                if (!uploadHashes.containsKey(params.getOrDefault("file", ""))) {
                    yield error(100, method, params).put("error_msg", "One of the parameters specified was missing or invalid: file is invalid");
                }
                ObjectNode doc = JSON.createObjectNode();
                doc.put("id", ids.incrementAndGet());
                doc.put("owner_id", who.userId());
                doc.put("title", params.getOrDefault("title", "file"));
                savedMedia.add("doc" + who.userId() + "_" + doc.get("id").asLong());
                ObjectNode o = JSON.createObjectNode();
                o.put("type", "doc");
                o.set("doc", doc);
                yield o;
            }
            case "wall.post" -> {
                for (String att : params.getOrDefault("attachments", "").split(",")) {
                    if (!att.isBlank() && !savedMedia.contains(att)) {
                        yield error(100, method, params).put("error_msg", "One of the parameters specified was missing or invalid: attachments " + att);
                    }
                }
                yield JSON.createObjectNode().put("post_id", ids.incrementAndGet());
            }
            default -> error(3, method, params);
        };
    }

    private JsonNode users(Map<String, String> params, TokenInfo who) {
        ArrayNode out = JSON.createArrayNode();
        String ids = params.getOrDefault("user_ids", who == null ? "" : Long.toString(who.userId()));
        Set<String> fields = new HashSet<>(Arrays.asList(params.getOrDefault("fields", "").split(",")));
        for (String id : ids.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            // The fixture's shape: string fields next to a numeric id.
            ObjectNode u = ((ObjectNode) Fixtures.json("api_valid.json").get("response").get(0)).deepCopy();
            u.put("id", Long.parseLong(id.trim()));
            u.put("first_name", "User");
            u.put("last_name", id.trim());
            if (fields.contains("bdate")) {
                u.put("bdate", "21.9.1986");
            }
            out.add(u);
        }
        return out;
    }

    /** Runs {@code return [API.a.b({...}), ...];} the way VK's execute does: failed calls give {@code false}. */
    private JsonNode execute(Map<String, String> params, TokenInfo who, ObjectNode answer) {
        String code = params.getOrDefault("code", "");
        if (!code.startsWith("return [") || !code.endsWith("];")) {
            return error(12, "execute", params).put("error_msg", "Unable to compile code");
        }
        Matcher m = API_CALL.matcher(code);
        ArrayNode results = JSON.createArrayNode();
        ArrayNode errors = JSON.createArrayNode();
        int n = 0;
        while (m.find()) {
            if (++n > 25) {
                return error(13, "execute", params).put("error_msg", "Runtime error occurred during code invocation: Too many API calls");
            }
            Map<String, String> sub = new LinkedHashMap<>();
            try {
                JSON.readTree(m.group(2)).fields().forEachRemaining(e -> sub.put(e.getKey(), e.getValue().asText()));
            } catch (IOException e) {
                return error(12, "execute", params).put("error_msg", "Unable to compile code");
            }
            if (params.containsKey("access_token")) {
                sub.put("access_token", params.get("access_token"));
            }
            requests.add(new Request("EXECUTE", "/method/" + m.group(1), m.group(1), Map.copyOf(sub), null, null));
            JsonNode r = apiResult(m.group(1), sub, answer);
            if (r instanceof ObjectNode err && err.has("error_code")) {
                results.add(false);
                ObjectNode e = errors.addObject();
                e.put("method", m.group(1));
                e.put("error_code", err.get("error_code").asInt());
                e.put("error_msg", err.path("error_msg").asText());
            } else {
                results.add(r);
            }
        }
        if (!errors.isEmpty()) {
            answer.set("execute_errors", errors);
        }
        return results;
    }

    /** An error object in the shape of the fixture for that code, echoing the request as VK does. */
    private ObjectNode error(int code, String method, Map<String, String> params) {
        String fixture = switch (code) {
            case 5 -> "token_invalid.json";
            case 6 -> "api_too_many.json";
            case 14 -> "api_captcha.json";
            default -> "api_some_error.json";
        };
        ObjectNode e = ((ObjectNode) Fixtures.json(fixture).get("error")).deepCopy();
        e.put("error_code", code);
        switch (code) {
            case 3 -> e.put("error_msg", "Unknown method passed");
            case 9 -> e.put("error_msg", "Flood control");
            case 17, 999 -> { }
            default -> {
                if (e.path("error_msg").asText().isEmpty()) {
                    e.put("error_msg", "Scripted error " + code);
                }
            }
        }
        ArrayNode echo = e.putArray("request_params");
        echo.addObject().put("key", "oauth").put("value", "1");
        echo.addObject().put("key", "method").put("value", method);
        params.forEach((k, v) -> {
            if (!k.equals("access_token")) {
                echo.addObject().put("key", k).put("value", v);
            }
        });
        return e;
    }

    // ---- upload server --------------------------------------------------------------------------------------------

    private void upload(HttpExchange ex, String kind, String contentType, byte[] body) throws IOException {
        Matcher b = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType == null ? "" : contentType);
        ObjectNode out = JSON.createObjectNode();
        if (!b.find()) {
            out.put("error", "ERR_UPLOAD_BAD_REQUEST: not multipart");
            sendJson(ex, out.toString());
            return;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + b.group(1);
        String expectedField = kind.equals("photos") ? "photo" : "file";
        for (String part : text.split(Pattern.quote(delimiter))) {
            int headEnd = part.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                continue;
            }
            String head = part.substring(0, headEnd);
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(head);
            Matcher file = Pattern.compile("filename=\"([^\"]*)\"").matcher(head);
            if (!name.find() || !file.find()) {
                continue;
            }
            String content = part.substring(headEnd + 4, part.length() - 2);
            if (!name.group(1).equals(expectedField)) {
                continue;
            }
            byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
            uploads.add(new Uploaded(kind, name.group(1), new String(file.group(1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), bytes));
            String key = "[{\"photo\":\"" + Integer.toHexString(Arrays.hashCode(bytes)) + "\"}]";
            String hash = Long.toHexString(ids.incrementAndGet() * 7919);
            switch (kind) {
                case "photos" -> {
                    out.put("server", 123456);
                    out.put("photo", key);
                    out.put("hash", hash);
                    uploadHashes.put(key, hash);
                }
                case "audio" -> {
                    out.put("server", 654321);
                    out.put("audio", key);
                    out.put("hash", hash);
                    uploadHashes.put(key, hash);
                }
                default -> {
                    out.put("file", hash);
                    uploadHashes.put(hash, hash);
                }
            }
            sendJson(ex, out.toString());
            return;
        }
        out.put("error", "ERR_UPLOAD_FILE_NOT_UPLOADED: no '" + expectedField + "' file in the request");
        sendJson(ex, out.toString());
    }

    // ---- OAuth and the login pages --------------------------------------------------------------------------------

    private void authorize(HttpExchange ex, Map<String, String> p, Map<String, String> cookies) throws IOException {
        long appId = Long.parseLong(p.getOrDefault("client_id", "0"));
        if (!apps.containsKey(appId)) {
            sendJson(ex, Fixtures.text("app_invalid.json"));
            return;
        }
        String redirect = p.getOrDefault("redirect_uri", base + "/blank.html");
        long scope = Long.parseLong(p.getOrDefault("scope", "0")) & Rights.P_ALL.mask();
        Pending pending = new Pending(appId, scope, redirect, p.get("state"));
        if ("code".equals(p.get("response_type"))) {
            Account user = accounts.values().stream().findFirst().orElseThrow(() -> new IllegalStateException("the fake has no account"));
            String code = "code" + ids.incrementAndGet();
            codes.put(code, new CodeGrant(appId, user.userId, redirect, scope));
            redirect(ex, redirect + "?code=" + code + (pending.state() == null ? "" : "&state=" + enc(pending.state())));
            return;
        }
        String id = "p" + ids.incrementAndGet();
        pendings.put(id, pending);
        Deque<String> scripted = scriptedBodies.get("/authorize");
        if (scripted != null && !scripted.isEmpty()) {
            sendHtml(ex, loginPage(scripted.poll(), id, false));
            return;
        }
        Long userId = sessions.get(cookies.get("remixsid"));
        if (userId != null) {
            afterLogin(ex, id, account(userId));
            return;
        }
        sendHtml(ex, loginPage("auth_page_normal.html", id, false));
    }

    private String loginPage(String fixture, String pendingId, boolean captcha) {
        Document d = Jsoup.parse(Fixtures.text(fixture));
        Element form = d.selectFirst("form");
        if (form == null) {
            return Fixtures.text(fixture);
        }
        form.attr("action", base + "/login?act=" + ("auth_page_unexpected_action.html".equals(fixture) ? "looooogin" : "login") + "&soft=1&utf8=1");
        form.selectFirst("input[name=to]").attr("value", pendingId);
        if (captcha) {
            loginCaptchaSid = Long.toString(ids.incrementAndGet());
            Element pass = form.selectFirst("input[name=pass]").parent();
            pass.after("<div class=\"fi_row\"><img src=\"/captcha.php?sid=" + loginCaptchaSid + "&s=1\" class=\"captcha_img\" />"
                    + "<input type=\"hidden\" name=\"captcha_sid\" value=\"" + loginCaptchaSid + "\" />"
                    + "<input type=\"text\" class=\"textfield\" name=\"captcha_key\" /></div>");
        }
        return d.outerHtml();
    }

    private void login(HttpExchange ex, Map<String, String> p, Map<String, String> cookies) throws IOException {
        String act = p.getOrDefault("act", "");
        switch (act) {
            case "login" -> {
                String id = p.getOrDefault("to", "");
                if (!pendings.containsKey(id)) {
                    send(ex, 400, "text/html", "<html>unknown login</html>".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (loginCaptcha != null && !(loginCaptchaSid != null && loginCaptchaSid.equals(p.get("captcha_sid"))
                        && loginCaptcha.equals(p.get("captcha_key")))) {
                    sendHtml(ex, loginPage("auth_page_normal.html", id, true));
                    return;
                }
                loginCaptcha = null;
                Account a = accounts.get(p.getOrDefault("email", ""));
                if (a == null || !a.password.equals(p.get("pass"))) {
                    sendHtml(ex, loginPage("auth_page_error.html", id, false));
                    return;
                }
                pendingLogins.put(id, a);
                ex.getResponseHeaders().add("Set-Cookie", "remixlhk=" + id + "; Path=/; HttpOnly");
                if (a.twoFactorCode != null) {
                    redirect(ex, base + "/login?act=authcheck");
                } else if (a.phoneMiddle != null) {
                    redirect(ex, base + "/login.php?act=security_check");
                } else {
                    loggedIn(ex, id, a);
                }
            }
            case "authcheck" -> sendHtml(ex, Fixtures.text("secret_code_normal.html"));
            case "authcheck_code" -> {
                String id = cookies.getOrDefault("remixlhk", "");
                Account a = pendingLogins.get(id);
                if (a == null || a.twoFactorCode == null) {
                    redirect(ex, base + "/login?act=authcheck");
                } else if (!a.twoFactorCode.equals(p.get("code"))) {
                    sendHtml(ex, Fixtures.text("secret_code_error.html"));
                } else if (a.phoneMiddle != null) {
                    redirect(ex, base + "/login.php?act=security_check");
                } else {
                    loggedIn(ex, id, a);
                }
            }
            case "security_check" -> {
                String id = cookies.getOrDefault("remixlhk", "");
                Account a = pendingLogins.get(id);
                if ("GET".equals(ex.getRequestMethod()) || a == null) {
                    sendHtml(ex, Fixtures.text(corruptSecurityCheck ? "security_check_corrupt.html" : "security_check.html"));
                } else if (!a.phoneMiddle.equals(p.get("code"))) {
                    Document d = Jsoup.parse(Fixtures.text("security_check.html"));
                    d.selectFirst("form").before("<div class=\"service_msg_box\"><div class=\"service_msg service_msg_warning\">Wrong number.</div></div>");
                    sendHtml(ex, d.outerHtml());
                } else {
                    loggedIn(ex, id, a);
                }
            }
            case "grant_access" -> {
                String id = p.getOrDefault("to", "");
                Long userId = sessions.get(cookies.get("remixsid"));
                Pending pending = pendings.get(id);
                if (userId == null || pending == null) {
                    send(ex, 403, "text/html", "<html>no session</html>".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                account(userId).grantedApps.add(pending.appId());
                afterLogin(ex, id, account(userId));
            }
            default -> send(ex, 404, "text/html", "<html>unknown act</html>".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void loggedIn(HttpExchange ex, String pendingId, Account a) throws IOException {
        String session = "sid" + ids.incrementAndGet() + "x" + Long.toHexString(System.nanoTime());
        sessions.put(session, a.userId);
        pendingLogins.remove(pendingId);
        ex.getResponseHeaders().add("Set-Cookie", "remixsid=" + session + "; Path=/; HttpOnly");
        afterLogin(ex, pendingId, a);
    }

    private void afterLogin(HttpExchange ex, String pendingId, Account a) throws IOException {
        Pending pending = pendings.get(pendingId);
        if (!a.grantedApps.contains(pending.appId())) {
            Document d = Jsoup.parse(Fixtures.text("grant_access.html"));
            d.selectFirst("form").attr("action", base + "/login?act=grant_access&client_id=" + pending.appId() + "&to=" + pendingId);
            sendHtml(ex, d.outerHtml());
            return;
        }
        pendings.remove(pendingId);
        String token = newToken();
        tokens.put(token, new TokenInfo(a.userId, pending.scope()));
        redirect(ex, pending.redirectUri() + "#access_token=" + token + "&expires_in=" + tokenLifetime + "&user_id=" + a.userId);
    }

    private void directToken(HttpExchange ex, Map<String, String> p) throws IOException {
        Deque<String> scripted = scriptedBodies.get("/token");
        if (scripted != null && !scripted.isEmpty()) {
            send(ex, 200, "application/json", Fixtures.bytes(scripted.poll()));
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        long appId = Long.parseLong(p.getOrDefault("client_id", "0"));
        if (!"password".equals(p.get("grant_type"))) {
            out.put("error", "unsupported_grant_type").put("error_description", "grant_type should be password");
        } else if (!apps.containsKey(appId)) {
            sendJson(ex, Fixtures.text("app_invalid.json"));
            return;
        } else if (!apps.get(appId).equals(p.get("client_secret"))) {
            out.put("error", "invalid_client").put("error_description", "client_secret is incorrect");
        } else {
            Account a = accounts.get(p.getOrDefault("username", ""));
            if (a == null || !a.password.equals(p.get("password"))) {
                out.put("error", "invalid_client").put("error_description", "Username or password is incorrect");
            } else if (a.twoFactorCode != null && !p.containsKey("code")) {
                out.put("error", "need_validation").put("error_description", "use app code").put("validation_type", "2fa_app")
                        .put("validation_sid", "2fa_" + a.userId).put("phone_mask", "+22 *** ** 22")
                        .put("redirect_uri", base + "/login?act=authcheck&api_hash=" + ids.incrementAndGet());
            } else if (a.twoFactorCode != null && !a.twoFactorCode.equals(p.get("code"))) {
                out.put("error", "invalid_request").put("error_description", "code is invalid").put("error_type", "wrong_otp");
            } else if (directCaptcha != null && !(directCaptchaSid != null && directCaptchaSid.equals(p.get("captcha_sid"))
                    && directCaptcha.equals(p.get("captcha_key")))) {
                directCaptchaSid = Long.toString(ids.incrementAndGet());
                out.put("error", "need_captcha").put("captcha_sid", directCaptchaSid)
                        .put("captcha_img", base + "/captcha.php?sid=" + directCaptchaSid + "&s=1");
            } else {
                directCaptcha = null;
                String token = newToken();
                tokens.put(token, new TokenInfo(a.userId, Long.parseLong(p.getOrDefault("scope", "0")) & Rights.P_ALL.mask()));
                out.put("access_token", token).put("expires_in", tokenLifetime).put("user_id", a.userId);
            }
        }
        send(ex, out.has("error") ? 401 : 200, "application/json", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void accessToken(HttpExchange ex, Map<String, String> p) throws IOException {
        Deque<String> scripted = scriptedBodies.get("/access_token");
        if (scripted != null && !scripted.isEmpty()) {
            String f = scripted.poll();
            send(ex, 200, f.endsWith(".html") ? "text/html" : "application/json", Fixtures.bytes(f));
            return;
        }
        long appId = Long.parseLong(p.getOrDefault("client_id", "0"));
        CodeGrant grant = codes.remove(p.getOrDefault("code", ""));
        if (!apps.containsKey(appId)) {
            sendJson(ex, Fixtures.text("app_invalid.json"));
        } else if (grant == null || grant.appId() != appId || !grant.redirectUri().equals(p.get("redirect_uri"))
                || !apps.get(appId).equals(p.get("client_secret"))) {
            send(ex, 401, "application/json", Fixtures.bytes("server_auth_error.json"));
        } else {
            ObjectNode out = (ObjectNode) Fixtures.json("server_auth_token.json");
            String token = newToken();
            tokens.put(token, new TokenInfo(grant.userId(), grant.scope()));
            out.put("access_token", token).put("user_id", grant.userId());
            sendJson(ex, out.toString());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Account account(long userId) {
        return accounts.values().stream().filter(a -> a.userId == userId).findFirst().orElseThrow();
    }

    private String newToken() {
        return "vk1.a." + Long.toHexString(ids.incrementAndGet()) + "f" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "Tok";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> cookies(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String c : header.split(";")) {
                int eq = c.indexOf('=');
                if (eq > 0) {
                    out.put(c.substring(0, eq).trim(), c.substring(eq + 1).trim().replace("\"", ""));
                }
            }
        }
        return out;
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
    }

    private static void sendHtml(HttpExchange ex, String html) throws IOException {
        send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendJson(HttpExchange ex, String json) throws IOException {
        send(ex, 200, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }
}

package org.tonearm.vk.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local m.vk.com for tests, on a real socket: VK's login form (the pyvk fixture pages), the POST target with
 * redirects and a {@code remixsid} cookie, the 2FA code page and the phone security check, logged-in pages with the
 * logout link, audio search pages with encoded links, captcha and rate-limit answers, sessions that can be ended,
 * and the audio hosts themselves (MP3 files and HLS playlists with AES-128 and plain segments).
 */
public final class FakeMobileVk implements AutoCloseable {
    /** What VK asks after the password. */
    public enum SecondFactor { NONE, CODE, PHONE_CHECK }

    /** How an account's searches are answered. */
    public enum Trouble { NONE, CAPTCHA, RATE_LIMIT }

    private record Account(String login, String password, SecondFactor factor, long uid) {
    }

    /** An audio VK knows: an MP3 file, or an HLS folder (playlist, segments, key). */
    public record Track(int n, String artist, String title, int seconds, String dataId, byte[] mp3, Path hls, boolean plainMp3) {
    }

    private final HttpServer server;
    private final Path fixtures;
    private final String base;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> pendingFactor = new ConcurrentHashMap<>();
    private final Map<String, Trouble> trouble = new ConcurrentHashMap<>();
    private final List<Track> tracks = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> searchesBy = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private volatile int breakAfterBytes = -1;
    private volatile int bytesPerSecond = -1;
    private volatile boolean audioHostDown;
    private final String code = "424242";

    public FakeMobileVk() throws IOException {
        fixtures = Path.of(System.getProperty("tonearm.shared", "../shared"), "vk", "pyvk-fixtures");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String baseUrl() {
        return base;
    }

    public String code() {
        return code;
    }

    public void addAccount(String login, String password, SecondFactor factor, long uid) {
        accounts.put(login, new Account(login, password, factor, uid));
    }

    public void trouble(String login, Trouble t) {
        trouble.put(login, t);
    }

    /** Ends every session, as VK does when cookies expire. */
    public void expireSessions() {
        sessions.clear();
    }

    public int logins() {
        return logins.get();
    }

    public int searchesBy(String login) {
        AtomicInteger n = searchesBy.get(login);
        return n == null ? 0 : n.get();
    }

    public int downloads(Track t) {
        AtomicInteger n = downloads.get(t.n());
        return n == null ? 0 : n.get();
    }

    /** Audio files break off after this many bytes (negative: never). */
    public void breakAfterBytes(int n) {
        breakAfterBytes = n;
    }

    /** Audio files are sent at this rate (negative: as fast as possible). */
    public void throttle(int bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    public void audioHostDown(boolean down) {
        audioHostDown = down;
    }

    public Track addMp3(String artist, String title, int seconds, byte[] mp3) {
        synchronized (tracks) {
            int n = tracks.size() + 1;
            Track t = new Track(n, artist, title, seconds, "-2000" + n + "_45" + n + "_a1b2c3d4", mp3, null, false);
            tracks.add(t);
            return t;
        }
    }

    /** An HLS audio; with {@code plainMp3} the .mp3 the URL shape points to exists too (its bytes are {@code mp3}). */
    public Track addHls(String artist, String title, int seconds, Path hlsDir, boolean plainMp3, byte[] mp3) {
        synchronized (tracks) {
            int n = tracks.size() + 1;
            Track t = new Track(n, artist, title, seconds, "-2000" + n + "_45" + n + "_e5f6", mp3, hlsDir, plainMp3);
            tracks.add(t);
            return t;
        }
    }

    /** The real (decoded) URL of a track. */
    public String realUrl(Track t) {
        if (t.hls() != null) {
            return base + "/hls/" + t.n() + "/c0ffee/audios/" + t.n() + "/index.m3u8?extra=tok";
        }
        return base + "/files/" + t.n() + ".mp3?extra=tok";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            Map<String, String> query = parse(uri.getRawQuery());
            if (path.startsWith("/files/") || path.startsWith("/hls/")) {
                audio(ex, path);
                return;
            }
            String sid = cookie(ex, "remixsid");
            String login = sid == null ? null : sessions.get(sid);
            switch (path) {
                case "/login", "/login.php" -> login(ex, query, sid);
                case "/login_vk" -> password(ex);
                case "/feed" -> {
                    if (login == null) {
                        redirect(ex, "/login");
                    } else {
                        html(ex, 200, loggedIn("<div class=\"feed\">news</div>", login));
                    }
                }
                case "/audio" -> search(ex, query, login);
                default -> html(ex, 404, "<html><body>not found</body></html>");
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void login(HttpExchange ex, Map<String, String> query, String sid) throws IOException {
        String act = query.getOrDefault("act", "");
        if (ex.getRequestMethod().equals("POST")) {
            Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String pendingLogin = sid == null ? null : pendingFactor.get(sid);
            if (pendingLogin == null) {
                redirect(ex, "/login");
                return;
            }
            Account a = accounts.get(pendingLogin);
            boolean ok = switch (act) {
                case "authcheck_code" -> code.equals(form.get("code")) && "1".equals(form.get("remember"));
                case "security_check" -> middleDigits(a.login()).equals(form.get("code"));
                default -> false;
            };
            if (!ok) {
                html(ex, 200, act.equals("authcheck_code") ? fixture("secret_code_error.html") : fixture("security_check.html"));
                return;
            }
            pendingFactor.remove(sid);
            startSession(ex, a, "/feed");
            return;
        }
        switch (act) {
            case "authcheck" -> html(ex, 200, fixture("secret_code_normal.html"));
            case "security_check" -> html(ex, 200, fixture("security_check.html"));
            case "error" -> html(ex, 200, rewriteLogin(fixture("auth_page_error.html")));
            default -> html(ex, 200, rewriteLogin(fixture("auth_page_normal.html")));
        }
    }

    /** The phone check page shows "+22" and "22" around the middle digits. */
    private static String middleDigits(String phone) {
        return phone.length() > 5 ? phone.substring(3, phone.length() - 2) : "";
    }

    private String rewriteLogin(String page) {
        return page.replace("https://login.vk.com/?act=login", base + "/login_vk?act=login");
    }

    private void password(HttpExchange ex) throws IOException {
        Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Account a = accounts.get(form.getOrDefault("email", ""));
        if (a == null || !a.password().equals(form.get("pass")) || !"foooooo".equals(form.get("lg_h"))) {
            redirect(ex, "/login?act=error");
            return;
        }
        logins.incrementAndGet();
        switch (a.factor()) {
            case NONE -> startSession(ex, a, "/feed");
            case CODE, PHONE_CHECK -> {
                String sid = UUID.randomUUID().toString();
                pendingFactor.put(sid, a.login());
                ex.getResponseHeaders().add("Set-Cookie", "remixsid=" + sid + "; Path=/; HttpOnly");
                redirect(ex, a.factor() == SecondFactor.CODE ? "/login?act=authcheck" : "/login.php?act=security_check");
            }
        }
    }

    private void startSession(HttpExchange ex, Account a, String to) throws IOException {
        String sid = UUID.randomUUID().toString();
        sessions.put(sid, a.login());
        ex.getResponseHeaders().add("Set-Cookie", "remixsid=" + sid + "; expires=Fri, 01 Jan 2100 00:00:00 GMT; Path=/; HttpOnly");
        ex.getResponseHeaders().add("Set-Cookie", "remixlang=3; Path=/");
        ex.getResponseHeaders().add("Set-Cookie", "remixstale=; Max-Age=0; Path=/");
        redirect(ex, to);
    }

    private void search(HttpExchange ex, Map<String, String> query, String login) throws IOException {
        if (login == null) {
            redirect(ex, "/login");
            return;
        }
        Account a = accounts.get(login);
        searchesBy.computeIfAbsent(login, k -> new AtomicInteger()).incrementAndGet();
        switch (trouble.getOrDefault(login, Trouble.NONE)) {
            case CAPTCHA -> {
                html(ex, 200, loggedIn("<form action=\"/captcha\"><input type=\"hidden\" name=\"captcha_sid\" value=\"123\">"
                    + "<img src=\"/captcha.php?sid=123\" class=\"captcha_img\"></form>", login));
                return;
            }
            case RATE_LIMIT -> {
                html(ex, 429, "<html><body>Too many requests</body></html>");
                return;
            }
            default -> {
            }
        }
        String q = query.getOrDefault("q", "").toLowerCase(Locale.ROOT);
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        List<Track> found = new ArrayList<>();
        synchronized (tracks) {
            for (Track t : tracks) {
                if ((t.artist() + " " + t.title()).toLowerCase(Locale.ROOT).contains(q)) {
                    found.add(t);
                }
            }
        }
        StringBuilder items = new StringBuilder("<div id=\"au_search_items\" class=\"audios_block\">");
        for (int i = offset; i < Math.min(found.size(), offset + 20); i++) {
            Track t = found.get(i);
            items.append("<div class=\"audio_item ai_has_btn\" id=\"audio").append(t.dataId()).append("\" data-id=\"")
                .append(t.dataId()).append("\"><div class=\"ai_play\"></div><div class=\"ai_info\">")
                .append("<div class=\"ai_dur\" data-dur=\"").append(t.seconds()).append("\">").append(t.seconds() / 60)
                .append(':').append(String.format("%02d", t.seconds() % 60)).append("</div>")
                .append("<div class=\"ai_label\"><span class=\"ai_artist\">").append(escape(t.artist()))
                .append("</span> &ndash; <span class=\"ai_title\">").append(escape(t.title())).append("</span></div></div>")
                .append("<input type=\"hidden\" value=\"").append(escape(VkLinkEncoder.encode(realUrl(t), a.uid(), 7 + t.n())))
                .append("\"/></div>");
        }
        items.append("</div>");
        html(ex, 200, loggedIn(items.toString(), login));
    }

    private String loggedIn(String content, String login) {
        long uid = accounts.get(login).uid();
        return "<!DOCTYPE html><html><head><title>VK</title><script>var vk = {id: " + uid + "};"
            + " window.stManager && stManager.add('audio.js'); var st = 'vk_id=" + uid + "';</script></head>"
            + "<body><div class=\"mhead\"><a href=\"https://login.vk.com/?act=logout&hash=0123abcd\" class=\"mm_item\">Log out</a></div>"
            + "<div id=\"mcont\">" + content + "</div></body></html>";
    }

    private void audio(HttpExchange ex, String path) throws IOException {
        if (audioHostDown) {
            html(ex, 503, "<html><body>Service unavailable</body></html>");
            return;
        }
        String[] p = path.split("/");
        int n = Integer.parseInt(p[2].replace(".mp3", ""));
        Track t = tracks.get(n - 1);
        if (path.startsWith("/files/")) {
            downloads.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            send(ex, t.mp3(), "audio/mpeg");
            return;
        }
        String last = p[p.length - 1];
        if (p.length == 5 && p[3].equals("audios") && last.equals(n + ".mp3")) {
            if (t.plainMp3()) {
                downloads.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                send(ex, t.mp3(), "audio/mpeg");
            } else {
                html(ex, 404, "<html><body>not found</body></html>");
            }
            return;
        }
        if (last.equals("key.pub")) {
            send(ex, Files.readAllBytes(t.hls().resolve("key.pub")), "application/octet-stream");
            return;
        }
        Path file = t.hls().resolve(last);
        if (!Files.isRegularFile(file)) {
            html(ex, 404, "<html><body>not found</body></html>");
            return;
        }
        if (last.equals("index.m3u8")) {
            downloads.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            String playlist = Files.readString(file).replace("KEYURI", base + "/hls/" + n + "/key.pub");
            send(ex, playlist.getBytes(StandardCharsets.UTF_8), "application/vnd.apple.mpegurl");
        } else {
            send(ex, Files.readAllBytes(file), "video/mp2t");
        }
    }

    private void send(HttpExchange ex, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        int cut = breakAfterBytes;
        int rate = bytesPerSecond;
        OutputStream out = ex.getResponseBody();
        int chunk = 64 * 1024;
        for (int off = 0; off < body.length; off += chunk) {
            int len = Math.min(chunk, body.length - off);
            if (cut >= 0 && off + len > cut) {
                out.write(body, off, Math.max(0, cut - off));
                out.flush();
                throw new IOException("fake VK cuts the connection");
            }
            out.write(body, off, len);
            if (rate > 0) {
                try {
                    Thread.sleep(Math.max(1, 1000L * len / rate));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private String fixture(String name) {
        try {
            return Files.readString(fixtures.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void html(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(302, -1);
    }

    private static String cookie(HttpExchange ex, String name) {
        for (String h : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : h.split(";")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return kv[1];
                }
            }
        }
        return null;
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            String[] p = kv.split("=", 2);
            out.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Reads a whole stream (test convenience). */
    public static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}

package org.tonearm.http.thatmusic;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;
import org.tonearm.http.Face;
import org.tonearm.http.root.RootFace;
import org.tonearm.source.AudioFileCache;
import org.tonearm.source.AudioSource;
import org.tonearm.source.Transcoder;
import org.tonearm.vk.web.AccountStatus;
import org.tonearm.vk.web.MobileVkClient;

/**
 * The thatmusic API ({@code /_auth/}, {@code /_auth_second_factor/}, {@code /search}, {@code /dl}, {@code /stream}):
 * VK audio search with download links, over the VK web session and the audio file cache.
 */
public final class ThatMusicFace implements Face, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ThatMusicFace.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{8}");
    /** Bytes sent per write. */
    private static final int BUFFER = 256 * 1024;
    /** Send buffers of finished responses, reused: as many as responses ever ran at once, so memory stays flat. */
    private static final Queue<ByteBuffer> BUFFERS = new ConcurrentLinkedQueue<>();

    private final MobileVkClient vk;
    private final ThatMusicService service;
    private final ThatMusicConfig config;
    private final SearchStore searches;
    /** thatmusic defines no error format; this face answers in the server's default one, {"error":{"status","message"}}. */
    private final RootFace errors = new RootFace(Map::of);

    /**
     * @param searchDb a SQLite file for persistent search results, or null to keep them in memory
     */
    public ThatMusicFace(ThatMusicConfig config, MobileVkClient vk, AudioSource source, AudioFileCache files,
                         Transcoder transcoder, Path searchDb, Clock clock) throws SQLException {
        this.config = config;
        this.vk = vk;
        this.searches = searchDb == null ? new MemorySearchStore(10_000) : new SqliteSearchStore(searchDb);
        this.service = new ThatMusicService(source, searches, files, transcoder, config.searchTtl(), clock);
    }

    @Override
    public boolean owns(String path) {
        return path.equals("/search") || path.startsWith("/search/") || path.startsWith("/dl/") || path.equals("/dl")
            || path.startsWith("/stream/") || path.equals("/stream") || path.startsWith("/_auth");
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get("/_auth", this::auth);
        routes.get("/_auth_second_factor", this::secondFactor);
        routes.get("/search", this::search);
        routes.get("/dl/{search_hash}/{audio_hash}", ctx -> send(ctx, "attachment"));
        routes.get("/stream/{search_hash}/{audio_hash}", ctx -> send(ctx, "inline"));
    }

    // --- auth

    private void auth(Context ctx) {
        requireConfigured();
        authAnswer(ctx, vk.authorize());
    }

    private void secondFactor(Context ctx) {
        requireConfigured();
        Map<String, String> fields = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty() && !k.equals("account")) {
                fields.put(k, v.getFirst());
            }
        });
        vk.completeSecondFactor(ctx.queryParam("account"), fields);
        authAnswer(ctx, vk.accounts());
    }

    private void authAnswer(Context ctx, List<AccountStatus> statuses) {
        List<Map<String, Object>> accounts = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (AccountStatus s : statuses) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("account", s.account());
            a.put("state", s.state().name().toLowerCase(Locale.ROOT));
            a.put("missing_fields", s.missingFields());
            a.put("message", s.message());
            accounts.add(a);
            if (s.state() == AccountStatus.State.NEEDS_SECOND_FACTOR && missing.isEmpty()) {
                missing.addAll(s.missingFields());
            }
        }
        boolean ok = vk.authorized();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", ok ? 1 : 0);
        body.put("authorized", ok);
        if (ok) {
            body.put("message", "authorized with VK");
        } else if (!missing.isEmpty()) {
            StringBuilder url = new StringBuilder(base(ctx)).append("/_auth_second_factor/?");
            for (int i = 0; i < missing.size(); i++) {
                url.append(i == 0 ? "" : "&").append(missing.get(i)).append("=...");
            }
            body.put("message", "VK asks for a second factor: open " + url + " with the missing fields "
                + String.join(", ", missing));
            body.put("missing_fields", missing);
        } else {
            body.put("message", "VK did not authorize any account; see the accounts' messages, then open "
                + base(ctx) + "/_auth/ again");
        }
        body.put("accounts", accounts);
        ctx.status(ok || !missing.isEmpty() ? 200 : 401).json(body);
    }

    private void requireConfigured() {
        if (!vk.configured()) {
            throw new TonearmException.Unauthorized(
                "no VK account is configured: set vk.accounts (or TONEARM_VK_ACCOUNTS) to login:password and restart");
        }
    }

    private void requireAuthorized(Context ctx) {
        requireConfigured();
        if (vk.authorized()) {
            return;
        }
        boolean waiting = vk.accounts().stream().anyMatch(a -> a.state() == AccountStatus.State.NEEDS_SECOND_FACTOR);
        throw new TonearmException.Unauthorized(waiting
            ? "VK waits for a second factor: open " + base(ctx) + "/_auth_second_factor/?code=... (see " + base(ctx) + "/_auth/)"
            : "not authorized with VK: open " + base(ctx) + "/_auth/ to log in");
    }

    // --- search

    private void search(Context ctx) {
        requireAuthorized(ctx);
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw new TonearmException.InvalidInput("q is required: /search?q=artist+title&page=0");
        }
        int page = page(ctx.queryParam("page"));
        SearchEntry entry;
        try {
            entry = service.search(q.trim(), page);
        } catch (TonearmException.Unauthorized e) {
            throw new TonearmException.Unauthorized(e.getMessage() + "; open " + base(ctx) + "/_auth/");
        }
        String base = base(ctx);
        List<AudioJson> data = entry.audios().stream().map(a -> {
            String audioHash = Hashes.audio(a);
            return new AudioJson(a.artist(), a.title(), a.durationSeconds(),
                base + "/dl/" + entry.hash() + "/" + audioHash, base + "/stream/" + entry.hash() + "/" + audioHash);
        }).toList();
        ctx.json(new SearchJson(1, data));
    }

    /** One search result as thatmusic writes it. */
    record AudioJson(String artist, String title, int duration, String download, String stream) {
    }

    /** thatmusic's search answer. */
    record SearchJson(int success, List<AudioJson> data) {
    }

    private static int page(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            int p = Integer.parseInt(raw.trim());
            if (p >= 0 && p <= 10_000) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new TonearmException.InvalidInput("'page' must be a non-negative integer");
    }

    // --- files

    private void send(Context ctx, String disposition) throws IOException {
        requireAuthorized(ctx);
        String searchHash = ctx.pathParam("search_hash");
        String audioHash = ctx.pathParam("audio_hash");
        if (!HASH.matcher(searchHash).matches() || !HASH.matcher(audioHash).matches()) {
            throw new TonearmException.NotFound("unknown hash: links look like /dl/{8 hex digits}/{8 hex digits}");
        }
        Integer kbps = bitrate(ctx.queryParam("bitrate"));
        ThatMusicService.Found found = service.find(searchHash, audioHash);
        String range = ctx.header("Range");
        AudioFileCache.Reader reader = service.open(found, kbps);
        try {
            if (!reader.complete() && range != null) {
                reader.awaitFile();
                reader.close();
                reader = service.open(found, kbps);
            }
            reader.awaitFirstBytes();
            HttpServletResponse res = ctx.res();
            String name = found.audio().artist() + " - " + found.audio().title() + ".mp3";
            res.setHeader("Content-Disposition", contentDisposition(disposition, name));
            res.setHeader("Accept-Ranges", "bytes");
            res.setContentType("audio/mpeg");
            long from = 0;
            long length = -1;
            if (reader.complete()) {
                long size = reader.length();
                length = size;
                Matcher m = range == null ? null : RANGE.matcher(range.trim());
                if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    long start;
                    long end;
                    if (m.group(1).isEmpty()) {
                        long suffix = Long.parseLong(m.group(2));
                        start = Math.max(0, size - suffix);
                        end = size - 1;
                    } else {
                        start = Long.parseLong(m.group(1));
                        end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                    }
                    if (start >= size || end < start) {
                        status(ctx, 416, "the requested range is outside the file (" + size + " bytes)");
                        res.setHeader("Content-Range", "bytes */" + size);
                        return;
                    }
                    res.setStatus(206);
                    res.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
                    from = start;
                    length = end - start + 1;
                } else {
                    res.setStatus(200);
                }
                res.setContentLengthLong(length);
            } else {
                res.setStatus(200);
                // the upstream's length, when it gave one: clients see progress, and a cut download shows as short
                length = reader.expectedLength();
                if (length >= 0) {
                    res.setContentLengthLong(length);
                }
            }
            copy(ctx, reader, from, length, found);
        } finally {
            reader.close();
        }
    }

    /**
     * Streams the file (a complete one, or one still arriving, which it follows as the download writes it) through one
     * reused direct buffer: the file is read into it and Jetty writes it to the socket, with no copy through the heap.
     * (Mapped slices would save the read, but their page faults cost more on a virtual machine.) A client that leaves
     * is fine; a download that breaks off aborts the connection.
     */
    private static void copy(Context ctx, AudioFileCache.Reader reader, long from, long length,
                             ThatMusicService.Found found) throws IOException {
        OutputStream out = ctx.res().getOutputStream();
        long left = length < 0 ? Long.MAX_VALUE : length;
        ReadableByteChannel in = reader.follow(from);
        ByteBuffer buf = BUFFERS.poll();
        if (buf == null) {
            buf = ByteBuffer.allocateDirect(BUFFER);
        }
        while (left > 0) {
            buf.clear().limit((int) Math.min(BUFFER, left));
            int r;
            try {
                r = in.read(buf);
            } catch (IOException | RuntimeException e) {
                if (!ctx.res().isCommitted()) {
                    throw e;
                }
                log.warn("download of {} broke off mid-stream: {}", found.audioHash(), e.getMessage());
                // closing the connection, not ending the body, is how HTTP/1.1 tells the client the file is incomplete
                ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint().close();
                return;
            }
            if (r < 0) {
                break;
            }
            left -= r;
            try {
                write(out, buf.flip());
            } catch (IOException e) {
                // not pooled again: a failed write is the one case where Jetty might still hold the buffer
                log.info("client went away while receiving {}", found.audioHash());
                return;
            }
        }
        BUFFERS.offer(buf);
        try {
            out.flush();
        } catch (IOException e) {
            log.debug("client went away at the end of {}", found.audioHash());
        }
    }

    private static void write(OutputStream out, ByteBuffer buf) throws IOException {
        if (out instanceof HttpOutput jetty) {
            jetty.write(buf);
        } else {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            out.write(b);
        }
    }

    private static Integer bitrate(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            int k = Integer.parseInt(raw.trim());
            if (Transcoder.BITRATES.contains(k)) {
                return k;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new TonearmException.InvalidInput("bitrate must be one of 64, 128, 192, 320");
    }

    /** RFC 6266: an ASCII {@code filename} fallback and the exact name as {@code filename*}, path characters replaced. */
    static String contentDisposition(String type, String name) {
        StringBuilder clean = new StringBuilder();
        name.codePoints().forEach(cp -> {
            boolean bad = cp < 0x20 || cp == 0x7f || "/\\:*?\"<>|".indexOf(cp) >= 0 || Character.getType(cp) == Character.CONTROL
                || Character.getType(cp) == Character.FORMAT;
            clean.appendCodePoint(bad ? '_' : cp);
        });
        String safe = clean.toString().strip();
        while (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        if (safe.isEmpty() || safe.equals(".mp3")) {
            safe = "audio.mp3";
        }
        StringBuilder ascii = new StringBuilder();
        for (char c : safe.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '%' && c != ';' ? c : '_');
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : safe.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private String base(Context ctx) {
        if (config.publicUrl() != null) {
            return config.publicUrl();
        }
        return ctx.scheme() + "://" + ctx.host();
    }

    // --- errors

    @Override
    public void error(Context ctx, TonearmException e) {
        if (clearForError(ctx)) {
            errors.error(ctx, e);
        }
    }

    @Override
    public void status(Context ctx, int status, String message) {
        if (clearForError(ctx)) {
            errors.status(ctx, status, message);
        }
    }

    /** Drops the file headers set before the failure; false when the file has already started (nothing can be said then). */
    private static boolean clearForError(Context ctx) {
        if (ctx.res().isCommitted()) {
            return false;
        }
        ctx.res().resetBuffer();
        ctx.res().setHeader("Content-Disposition", null);
        ctx.res().setHeader("Accept-Ranges", null);
        return true;
    }

    @Override
    public void close() {
        searches.close();
    }
}

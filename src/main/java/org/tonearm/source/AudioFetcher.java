package org.tonearm.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/**
 * Fetches an audio link as one MP3 stream: plain MP3 links are copied; HLS playlists are first tried as the plain
 * .mp3 the URL shape points to, and otherwise fetched segment by segment, AES-128 segments decrypted, and demuxed.
 */
public final class AudioFetcher {
    private static final Logger log = LoggerFactory.getLogger(AudioFetcher.class);
    /** datmusic's rewrite: {@code .../x/(audios/)?y/index.m3u8} is also served as {@code .../(audios/)?y.mp3}. */
    private static final Pattern HLS_SHAPE = Pattern.compile("^(.*?)/[^/]+/(audios/)?([^/]+)/index\\.m3u8(\\?.*)?$");
    private static final Pattern ATTR = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    private final Duration timeout;

    public AudioFetcher(Duration timeout) {
        this.timeout = timeout;
    }

    /** Writes the MP3 at {@code url} to {@code out}; upstream problems become {@link TonearmException.UpstreamFailed}. */
    public void fetch(String url, OutputStream out) throws IOException {
        URI uri = toUri(url);
        if (uri.getPath() != null && uri.getPath().endsWith(".m3u8")) {
            String mp3 = plainMp3(url);
            if (mp3 != null && copyIfAudio(toUri(mp3), out)) {
                log.info("HLS link served as its plain MP3");
                return;
            }
            hls(uri, out);
        } else {
            copy(get(uri), out);
        }
    }

    /** The plain .mp3 URL an HLS link's shape points to, or null. */
    static String plainMp3(String url) {
        Matcher m = HLS_SHAPE.matcher(url);
        if (!m.matches()) {
            return null;
        }
        return m.group(1) + "/" + (m.group(2) == null ? "" : m.group(2)) + m.group(3) + ".mp3"
            + (m.group(4) == null ? "" : m.group(4));
    }

    private boolean copyIfAudio(URI uri, OutputStream out) throws IOException {
        Response res = send(uri);
        try (InputStream body = res.body()) {
            String type = res.contentType().toLowerCase(Locale.ROOT);
            if (res.status() != 200 || type.startsWith("text/") || type.contains("mpegurl")) {
                body.transferTo(OutputStream.nullOutputStream());
                return false;
            }
            copy(res, out);
            return true;
        }
    }

    private void hls(URI playlistUri, OutputStream out) throws IOException {
        String playlist = text(playlistUri);
        if (!playlist.startsWith("#EXTM3U")) {
            throw new TonearmException.UpstreamFailed("the HLS link did not return a playlist");
        }
        if (playlist.contains("#EXT-X-STREAM-INF")) {
            String[] lines = playlist.split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("#EXT-X-STREAM-INF") && i + 1 < lines.length) {
                    hls(playlistUri.resolve(lines[i + 1].trim()), out);
                    return;
                }
            }
        }
        TsDemuxer demux = new TsDemuxer(out);
        long sequence = 0;
        String method = "NONE";
        byte[] key = null;
        byte[] iv = null;
        Map<URI, byte[]> keys = new HashMap<>();
        int segments = 0;
        for (String raw : playlist.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring(22).trim());
            } else if (line.startsWith("#EXT-X-KEY:")) {
                Map<String, String> attrs = attributes(line.substring(11));
                method = attrs.getOrDefault("METHOD", "NONE");
                iv = attrs.containsKey("IV") ? HexFormat.of().parseHex(attrs.get("IV").substring(2)) : null;
                if ("AES-128".equals(method)) {
                    URI keyUri = playlistUri.resolve(attrs.getOrDefault("URI", ""));
                    key = keys.computeIfAbsent(keyUri, this::bytesUnchecked);
                    if (key.length != 16) {
                        throw new TonearmException.UpstreamFailed("HLS key is not 16 bytes");
                    }
                } else if (!"NONE".equals(method)) {
                    throw new TonearmException.UpstreamFailed("unsupported HLS encryption " + method);
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                byte[] segment = bytes(playlistUri.resolve(line));
                if ("AES-128".equals(method)) {
                    segment = decrypt(segment, key, iv != null ? iv : ivOf(sequence));
                }
                demux.feed(segment, 0, segment.length);
                sequence++;
                segments++;
            }
        }
        demux.finish();
        log.info("HLS: {} segments demuxed to MP3", segments);
    }

    /** The IV HLS uses when the key line gives none: the media sequence number, 16 bytes big-endian. */
    static byte[] ivOf(long sequence) {
        byte[] iv = new byte[16];
        byte[] n = BigInteger.valueOf(sequence).toByteArray();
        System.arraycopy(n, Math.max(0, n.length - 16), iv, 16 - Math.min(16, n.length), Math.min(16, n.length));
        return iv;
    }

    private static byte[] decrypt(byte[] data, byte[] key, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new TonearmException.UpstreamFailed("cannot decrypt an HLS segment (wrong key?)", e);
        }
    }

    private static Map<String, String> attributes(String s) {
        Map<String, String> out = new HashMap<>();
        Matcher m = ATTR.matcher(s);
        while (m.find()) {
            String v = m.group(2);
            out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }

    private String text(URI uri) throws IOException {
        return new String(bytes(uri), StandardCharsets.UTF_8);
    }

    private byte[] bytesUnchecked(URI uri) {
        try {
            return bytes(uri);
        } catch (IOException e) {
            throw new TonearmException.UpstreamFailed("cannot fetch the HLS key: " + e.getMessage(), e);
        }
    }

    private byte[] bytes(URI uri) throws IOException {
        try (InputStream in = get(uri).body()) {
            return in.readAllBytes();
        }
    }

    /** One answer of the audio host; the body is empty for error statuses. */
    private record Response(int status, String contentType, long contentLength, InputStream body) {
    }

    private Response get(URI uri) throws IOException {
        Response res = send(uri);
        if (res.status() != 200) {
            res.body().close();
            throw new TonearmException.UpstreamFailed("the audio host answered HTTP " + res.status());
        }
        return res;
    }

    /** HttpURLConnection rather than HttpClient: it moves bulk bytes two to three times faster on plain HTTP/1.1. */
    private Response send(URI uri) throws IOException {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(true);
            int status = c.getResponseCode();
            InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
            return new Response(status, c.getContentType() == null ? "" : c.getContentType(), c.getContentLengthLong(),
                body == null ? InputStream.nullInputStream() : body);
        } catch (IOException | IllegalArgumentException e) {
            throw new TonearmException.UpstreamFailed("cannot reach the audio host: " + e.getMessage(), e);
        }
    }

    /** Copies a body, failing when it ends before its declared length (a cut connection is not an MP3). */
    private static void copy(Response res, OutputStream out) throws IOException {
        long declared = res.contentLength();
        if (declared >= 0 && out instanceof AudioFileCache.Progress cache) {
            cache.expectLength(declared);
        }
        long n = 0;
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = res.body()) {
            while (true) {
                int r;
                try {
                    r = in.read(buf);
                } catch (IOException e) {
                    throw new TonearmException.UpstreamFailed("the audio download broke off after " + n + " bytes", e);
                }
                if (r < 0) {
                    break;
                }
                out.write(buf, 0, r);
                n += r;
            }
        }
        if (declared >= 0 && n != declared) {
            throw new TonearmException.UpstreamFailed("the audio download broke off after " + n + " of " + declared + " bytes");
        }
    }

    private static URI toUri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new TonearmException.UpstreamFailed("VK gave a link that is not a URL");
        }
    }
}

package org.tonearm.vk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one HTTP client behind every VK exchange: user agent, timeouts, cookie jar, no automatic redirects. */
final class VkHttp {
    private static final Logger log = LoggerFactory.getLogger(VkHttp.class);

    /** One answer; redirects are returned, not followed, so the OAuth fragment in {@code Location} is not lost. */
    record Response(int status, URI uri, String location, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean isRedirect() {
            return status >= 300 && status < 400 && location != null;
        }
    }

    private final VkConfig config;
    private final CookieManager cookies;
    private final HttpClient client;

    VkHttp(VkConfig config) {
        this.config = config;
        this.cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies)
                .build();
    }

    VkConfig config() {
        return config;
    }

    Response get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET(), uri, "GET", Map.of());
    }

    Response postForm(URI uri, Map<String, String> form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
        return send(b, uri, "POST", form);
    }

    Response postMultipart(URI uri, String field, String filename, byte[] content) {
        String boundary = "----tonearm" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
        String safeName = filename.replace("\"", "_").replace("\r", "_").replace("\n", "_");
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + safeName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return send(b, uri, "POST", Map.of(field, filename + " (" + content.length + " bytes)"));
    }

    private Response send(HttpRequest.Builder b, URI uri, String verb, Map<String, String> shownParams) {
        b.timeout(config.requestTimeout()).header("User-Agent", config.userAgent());
        if (config.traceRequests()) {
            log.info("VK {} {} {}", verb, redactUri(uri), Secrets.params(shownParams));
        }
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response out = new Response(r.statusCode(), r.uri(), r.headers().firstValue("Location").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(""), r.body());
            if (config.traceRequests()) {
                log.info("VK answered HTTP {} ({} bytes){}", out.status(), out.body().length,
                        out.location() == null ? "" : " -> " + redactUri(URI.create(out.location())));
            }
            return out;
        } catch (IOException e) {
            throw new VkException.Transport("cannot reach VK at " + uri.getScheme() + "://" + uri.getAuthority() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VkException.Transport("interrupted while talking to VK", e);
        } catch (IllegalArgumentException e) {
            throw new VkException.Protocol("VK sent a URL that cannot be followed: " + e.getMessage(), e);
        }
    }

    /** Cookies of the session, for persisting; login cookies are what lets the next start skip the password. */
    List<HttpCookie> cookies() {
        return new ArrayList<>(cookies.getCookieStore().getCookies());
    }

    void restoreCookies(List<HttpCookie> saved) {
        for (HttpCookie c : saved) {
            String domain = c.getDomain() == null ? "" : c.getDomain().replaceFirst("^\\.", "");
            cookies.getCookieStore().add(domain.isEmpty() ? null : URI.create("http://" + domain), c);
        }
    }

    void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    static String formEncode(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    static URI withQuery(URI base, Map<String, String> query) {
        String s = base.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + formEncode(query));
    }

    /** The URI with every query or fragment value of a secret key masked. */
    static String redactUri(URI uri) {
        String s = uri.toString();
        for (String key : Secrets.SECRET_KEYS) {
            s = s.replaceAll("([?&#]" + key + "=)[^&#]*", "$1***");
        }
        return s;
    }
}

package org.tonearm.http.manage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tonearm.account.Principal;
import org.tonearm.account.User;
import org.tonearm.store.DownloadConfig;
import org.tonearm.store.WatchConfig;

/** The management API's request bodies and response shapes (Spotizerr field names), apart from the domain records. */
final class Wire {
    private Wire() {
    }

    record LoginBody(String username, String password) {
    }

    record RegisterBody(String username, String password, String email) {
    }

    record CreateUserBody(String username, String password, String email, String role) {
    }

    record RoleBody(String role) {
    }

    record ResetPasswordBody(String new_password) {
    }

    record ChangePasswordBody(String current_password, String new_password) {
    }

    record ConfigBody(Integer maxConcurrentDownloads, String service, Boolean fallback, String spotifyQuality,
                      String deezerQuality, Boolean realTime, String downloadPath, String fileFormat) {

        DownloadConfig over(DownloadConfig c) {
            return new DownloadConfig(
                maxConcurrentDownloads != null ? maxConcurrentDownloads : c.maxConcurrentDownloads(),
                service != null ? service : c.service(),
                fallback != null ? fallback : c.fallback(),
                spotifyQuality != null ? spotifyQuality : c.spotifyQuality(),
                deezerQuality != null ? deezerQuality : c.deezerQuality(),
                realTime != null ? realTime : c.realTime(),
                downloadPath != null ? downloadPath : c.downloadPath(),
                fileFormat != null ? fileFormat : c.fileFormat());
        }
    }

    record WatchBody(Boolean enabled, Integer check_interval, Integer max_concurrent_checks, Integer retry_failed_after) {

        WatchConfig over(WatchConfig c) {
            return new WatchConfig(
                enabled != null ? enabled : c.enabled(),
                check_interval != null ? check_interval : c.checkInterval(),
                max_concurrent_checks != null ? max_concurrent_checks : c.maxConcurrentChecks(),
                retry_failed_after != null ? retry_failed_after : c.retryFailedAfter());
        }
    }

    record CredentialBody(String client_id, String client_secret, String login, String password, String access_token) {

        Map<String, String> fields() {
            Map<String, String> m = new LinkedHashMap<>();
            put(m, "client_id", client_id);
            put(m, "client_secret", client_secret);
            put(m, "login", login);
            put(m, "password", password);
            put(m, "access_token", access_token);
            return m;
        }
    }

    record SpotifyApiBody(String client_id, String client_secret) {

        Map<String, String> fields() {
            Map<String, String> m = new LinkedHashMap<>();
            put(m, "client_id", client_id);
            put(m, "client_secret", client_secret);
            return m;
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    static String time(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString();
    }

    static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("email", u.email());
        m.put("role", u.role().wire());
        m.put("created_at", time(u.createdAt()));
        m.put("last_login", time(u.lastLogin()));
        m.put("sso_provider", u.ssoProvider());
        m.put("is_sso_user", u.isSsoUser());
        return m;
    }

    static Map<String, Object> system(Principal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", p.username());
        m.put("email", null);
        m.put("role", p.role().wire());
        m.put("created_at", null);
        m.put("last_login", null);
        m.put("sso_provider", null);
        m.put("is_sso_user", false);
        return m;
    }

    static Map<String, Object> config(DownloadConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxConcurrentDownloads", c.maxConcurrentDownloads());
        m.put("service", c.service());
        m.put("fallback", c.fallback());
        m.put("spotifyQuality", c.spotifyQuality());
        m.put("deezerQuality", c.deezerQuality());
        m.put("realTime", c.realTime());
        m.put("downloadPath", c.downloadPath());
        m.put("fileFormat", c.fileFormat());
        return m;
    }

    static Map<String, Object> watch(WatchConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", c.enabled());
        m.put("check_interval", c.checkInterval());
        m.put("max_concurrent_checks", c.maxConcurrentChecks());
        m.put("retry_failed_after", c.retryFailedAfter());
        return m;
    }

    static Map<String, Object> message(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", text);
        return m;
    }
}

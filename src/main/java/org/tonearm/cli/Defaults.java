package org.tonearm.cli;

import java.util.Map;

/** Code defaults for every setting: a server that starts with no configuration at all. */
final class Defaults {
    static final Map<String, String> VALUES = Map.ofEntries(
        Map.entry("data.dir", "data"),
        Map.entry("http.host", "0.0.0.0"),
        Map.entry("http.port", "8080"),
        Map.entry("http.max-request-bytes", "1048576"),
        Map.entry("catalog.demo-tracks", "5000"),
        Map.entry("catalog.preload", "auto"),
        Map.entry("auth.enabled", "true"),
        Map.entry("auth.registration", "false"),
        Map.entry("auth.token-hours", "168"),
        Map.entry("vk.web.base-url", "https://m.vk.com"),
        Map.entry("vk.web.timeout-seconds", "30"),
        Map.entry("vk.web.cooldown-seconds", "600"),
        Map.entry("thatmusic.search-ttl-seconds", "86400"),
        Map.entry("thatmusic.search-cache", "memory"),
        Map.entry("thatmusic.file-cache-mb", "2048"),
        Map.entry("source.ffmpeg", "ffmpeg"));

    private Defaults() {
    }
}

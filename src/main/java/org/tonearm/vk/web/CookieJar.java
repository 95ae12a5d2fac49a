package org.tonearm.vk.web;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** One account's VK cookies: all VK hosts share them (VK sets them for .vk.com); persisted as a private file. */
final class CookieJar {
    private final Map<String, String> cookies = new LinkedHashMap<>();

    synchronized void absorb(HttpHeaders headers) {
        for (String line : headers.allValues("set-cookie")) {
            String[] parts = line.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean expired = value.isEmpty() || value.equals("DELETED");
            for (int i = 1; i < parts.length; i++) {
                String attr = parts[i].trim();
                String lower = attr.toLowerCase(Locale.ROOT);
                if (lower.startsWith("max-age=")) {
                    try {
                        expired |= Long.parseLong(attr.substring(8).trim()) <= 0;
                    } catch (NumberFormatException ignored) {
                        // a malformed Max-Age is ignored, as browsers do
                    }
                } else if (lower.startsWith("expires=")) {
                    try {
                        ZonedDateTime at = ZonedDateTime.parse(attr.substring(8).trim().replace('-', ' '),
                            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.ROOT));
                        expired |= at.isBefore(ZonedDateTime.now());
                    } catch (RuntimeException ignored) {
                        // browsers also ignore dates they cannot read
                    }
                }
            }
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    synchronized String header() {
        StringBuilder sb = new StringBuilder();
        cookies.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        return sb.toString();
    }

    synchronized boolean isEmpty() {
        return cookies.isEmpty();
    }

    synchronized boolean has(String name) {
        return cookies.containsKey(name);
    }

    synchronized void clear() {
        cookies.clear();
    }

    synchronized void load(Path file) throws IOException {
        cookies.clear();
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) {
            cookies.put(k, p.getProperty(k));
        }
    }

    synchronized void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (cookies.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Properties p = new Properties();
        p.putAll(cookies);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "VK session cookies: secret, do not share");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

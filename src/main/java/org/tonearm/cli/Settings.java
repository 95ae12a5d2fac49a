package org.tonearm.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Flat configuration, layered: defaults in code, then a properties file, then {@code TONEARM_*} environment
 * variables, then command-line flags. The composition root reads it once and hands each service its own record.
 */
public final class Settings {
    /** Thrown at start-up for configuration that cannot be used; the message names the key. */
    public static final class InvalidSetting extends RuntimeException {
        public InvalidSetting(String key, String problem) {
            super("configuration key '" + key + "': " + problem);
        }
    }

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Builds the layered settings.
     *
     * @param defaults code defaults
     * @param file     a properties file, or null; a missing explicit file is an error
     * @param env      the environment (only {@code TONEARM_*} is read: {@code TONEARM_VK_ACCOUNTS} is {@code vk.accounts})
     * @param flags    values given on the command line
     */
    public static Settings load(Map<String, String> defaults, Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> merged = new TreeMap<>(defaults);
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidSetting("config", "file " + file + " does not exist");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidSetting("config", "cannot read " + file + ": " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) {
                merged.put(k.trim(), p.getProperty(k).trim());
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith("TONEARM_") && !k.equals("TONEARM_JAVA_HOME") && !k.equals("TONEARM_JAVA_OPTS")) {
                merged.put(envKey(k), v);
            }
        });
        flags.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    static String envKey(String envName) {
        return envName.substring("TONEARM_".length()).toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
    }

    public String string(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    public String required(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new InvalidSetting(key, "is required");
        }
        return v;
    }

    public int integer(String key, int fallback, int min, int max) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new InvalidSetting(key, "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidSetting(key, "must be a whole number, got '" + v + "'");
        }
    }

    public long longValue(String key, long fallback, long min, long max) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new InvalidSetting(key, "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidSetting(key, "must be a whole number, got '" + v + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InvalidSetting(key, "must be true or false, got '" + v + "'");
        };
    }

    public Path path(String key, Path fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : Path.of(v);
    }

}

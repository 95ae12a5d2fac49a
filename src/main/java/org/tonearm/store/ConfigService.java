package org.tonearm.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/**
 * The live download and watch configuration: validated, persisted in the store, and pushed to listeners when it changes
 * so running services (download workers, the watch scheduler) pick it up without a restart.
 */
public final class ConfigService {
    private static final Logger log = LoggerFactory.getLogger(ConfigService.class);
    private static final String DOWNLOAD_KEY = "config.download";
    private static final String WATCH_KEY = "config.watch";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static final Set<String> SERVICES = Set.of("vk", "spotify", "deezer");
    static final Set<String> SPOTIFY_QUALITIES = Set.of("low", "normal", "high", "very_high");
    static final Set<String> DEEZER_QUALITIES = Set.of("mp3_128", "mp3_320", "flac");
    static final Set<String> FILE_FORMATS = Set.of("mp3", "flac", "ogg", "opus", "m4a", "aac", "wav");

    /** What the admin allows: download folders must lie inside one of {@code downloadRoots}. */
    public record Rules(List<Path> downloadRoots, DownloadConfig downloadDefaults, WatchConfig watchDefaults) {
        public Rules {
            downloadRoots = downloadRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        }
    }

    private final SettingsRepository settings;
    private final Rules rules;
    private final List<Consumer<DownloadConfig>> downloadListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<WatchConfig>> watchListeners = new CopyOnWriteArrayList<>();
    private volatile DownloadConfig download;
    private volatile WatchConfig watch;

    public ConfigService(SettingsRepository settings, Rules rules) {
        this.settings = settings;
        this.rules = rules;
        this.download = load(DOWNLOAD_KEY, DownloadConfig.class, rules.downloadDefaults());
        this.watch = load(WATCH_KEY, WatchConfig.class, rules.watchDefaults());
    }

    private <T> T load(String key, Class<T> type, T fallback) {
        return settings.get(key).map(json -> {
            try {
                return JSON.readValue(json, type);
            } catch (IOException e) {
                log.warn("stored {} is unreadable, using defaults: {}", key, e.getMessage());
                return fallback;
            }
        }).orElse(fallback);
    }

    public DownloadConfig download() {
        return download;
    }

    public WatchConfig watch() {
        return watch;
    }

    public Rules rules() {
        return rules;
    }

    /** Calls {@code listener} with every new download configuration from now on. */
    public void onDownloadChange(Consumer<DownloadConfig> listener) {
        downloadListeners.add(listener);
    }

    public void onWatchChange(Consumer<WatchConfig> listener) {
        watchListeners.add(listener);
    }

    /** Everything wrong with a download configuration (empty when it is usable). */
    public List<FieldProblem> check(DownloadConfig c) {
        List<FieldProblem> problems = new ArrayList<>();
        if (c.maxConcurrentDownloads() < 1 || c.maxConcurrentDownloads() > 32) {
            problems.add(new FieldProblem("maxConcurrentDownloads", "must be between 1 and 32"));
        }
        oneOf(problems, "service", c.service(), SERVICES);
        oneOf(problems, "spotifyQuality", c.spotifyQuality(), SPOTIFY_QUALITIES);
        oneOf(problems, "deezerQuality", c.deezerQuality(), DEEZER_QUALITIES);
        oneOf(problems, "fileFormat", c.fileFormat(), FILE_FORMATS);
        String pathProblem = checkDownloadPath(c.downloadPath());
        if (pathProblem != null) {
            problems.add(new FieldProblem("downloadPath", pathProblem));
        }
        return problems;
    }

    public List<FieldProblem> check(WatchConfig c) {
        List<FieldProblem> problems = new ArrayList<>();
        range(problems, "check_interval", c.checkInterval(), 60, 7 * 24 * 3600);
        range(problems, "max_concurrent_checks", c.maxConcurrentChecks(), 1, 16);
        range(problems, "retry_failed_after", c.retryFailedAfter(), 60, 30 * 24 * 3600);
        return problems;
    }

    /** Validates, persists and applies a new download configuration. */
    public DownloadConfig update(DownloadConfig c) {
        requireValid(check(c));
        settings.put(DOWNLOAD_KEY, write(c));
        download = c;
        log.info("download configuration changed: {} parallel, format {}, path {}", c.maxConcurrentDownloads(),
            c.fileFormat(), c.downloadPath());
        downloadListeners.forEach(l -> l.accept(c));
        return c;
    }

    public WatchConfig update(WatchConfig c) {
        requireValid(check(c));
        settings.put(WATCH_KEY, write(c));
        watch = c;
        log.info("watch configuration changed: enabled={}, every {}s", c.enabled(), c.checkInterval());
        watchListeners.forEach(l -> l.accept(c));
        return c;
    }

    private static void requireValid(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new TonearmException.InvalidInput("invalid configuration: "
                + String.join("; ", problems.stream().map(FieldProblem::toString).toList()));
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String checkDownloadPath(String value) {
        if (value == null || value.isBlank()) {
            return "is required";
        }
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            return "is not a valid path";
        }
        if (!p.isAbsolute()) {
            return "must be an absolute path";
        }
        Path normal = p.normalize();
        if (rules.downloadRoots().stream().noneMatch(normal::startsWith)) {
            return "must be inside " + String.join(" or ", rules.downloadRoots().stream().map(Path::toString).toList());
        }
        try {
            Files.createDirectories(normal);
            Path probe = Files.createTempFile(normal, ".tonearm-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            return "is not writable";
        }
        return null;
    }

    private static void oneOf(List<FieldProblem> problems, String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            problems.add(new FieldProblem(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
        }
    }

    private static void range(List<FieldProblem> problems, String field, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
        }
    }
}

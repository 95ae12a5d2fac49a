package org.tonearm.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.http.thatmusic.ThatMusicConfig;
import org.tonearm.http.thatmusic.ThatMusicFace;
import org.tonearm.source.AudioFetcher;
import org.tonearm.source.AudioFileCache;
import org.tonearm.source.Transcoder;
import org.tonearm.source.VkAudioSource;
import org.tonearm.vk.web.AudioUrlDecoder;
import org.tonearm.vk.web.MobileVkClient;
import org.tonearm.vk.web.VkAccount;
import org.tonearm.vk.web.VkWebConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tonearm vk ...}: VK helpers for operators; also builds the VK web client and the thatmusic face for serve. */
@Command(name = "vk", mixinStandardHelpOptions = true, description = "VK tools.", subcommands = VkCommand.Decode.class)
public final class VkCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(VkCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code tonearm vk decode --uid UID URL...}: prints each decoded URL on its own line. */
    @Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode VK audio_api_unavailable links. With no URL, reads 'uid<TAB>url' lines from stdin.")
    static final class Decode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--uid", description = "the VK user id the links were encoded for")
        String uid;

        @Parameters(arity = "0..*", paramLabel = "URL")
        List<String> urls = List.of();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!urls.isEmpty()) {
                if (uid == null || !uid.matches("\\d{1,20}")) {
                    err.println("tonearm: --uid UID (digits) is required with URLs");
                    return 2;
                }
                for (String u : urls) {
                    out.println(AudioUrlDecoder.decode(u, uid));
                }
                out.flush();
                return 0;
            }
            int bad = 0;
            int lineNo = 0;
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String lineUid = tab > 0 ? line.substring(0, tab).trim() : uid;
                String url = tab > 0 ? line.substring(tab + 1).trim() : line.trim();
                if (lineUid == null || !lineUid.matches("\\d{1,20}")) {
                    err.println("tonearm: line " + lineNo + ": expected uid<TAB>url");
                    bad++;
                    continue;
                }
                out.println(AudioUrlDecoder.decode(url, lineUid));
            }
            out.flush();
            return bad == 0 ? 0 : 1;
        }
    }

    /** The m.vk.com client's settings: {@code vk.accounts}, {@code vk.web.*}; cookies live in DATA/vk-web. */
    static VkWebConfig webConfig(Settings settings, Path dataDir) {
        List<VkAccount> accounts;
        try {
            accounts = VkAccount.parseList(settings.string("vk.accounts", ""));
        } catch (IllegalArgumentException e) {
            throw new Settings.InvalidSetting("vk.accounts", e.getMessage());
        }
        URI base;
        try {
            base = URI.create(settings.string("vk.web.base-url", "https://m.vk.com"));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
        } catch (IllegalArgumentException e) {
            throw new Settings.InvalidSetting("vk.web.base-url", "must be an absolute http(s) URL");
        }
        return new VkWebConfig(base, accounts, dataDir.resolve("vk-web"),
            Duration.ofSeconds(settings.integer("vk.web.timeout-seconds", 30, 1, 3600)),
            Duration.ofSeconds(settings.integer("vk.web.cooldown-seconds", 600, 0, 86_400)), 20);
    }

    /** The VK audio source and the thatmusic face; without vk.accounts its endpoints answer 401 saying so. */
    static ThatMusicFace thatMusicFace(Settings settings, Path dataDir, List<AutoCloseable> resources) throws Exception {
        VkWebConfig web = webConfig(settings, dataDir);
        if (web.accounts().isEmpty()) {
            log.info("thatmusic: no vk.accounts configured; /search, /dl and /stream answer 401");
        } else {
            log.info("thatmusic: {} VK account(s), site {}", web.accounts().size(), web.baseUrl());
        }
        String searchCache = settings.string("thatmusic.search-cache", "memory");
        if (!searchCache.equals("memory") && !searchCache.equals("sqlite")) {
            throw new Settings.InvalidSetting("thatmusic.search-cache", "must be memory or sqlite, got '" + searchCache + "'");
        }
        MobileVkClient vk = new MobileVkClient(web);
        AudioFileCache files = new AudioFileCache(dataDir.resolve("audio-cache"),
            settings.longValue("thatmusic.file-cache-mb", 2048, 1, 1L << 30) << 20);
        resources.add(files);
        ThatMusicFace face = new ThatMusicFace(new ThatMusicConfig(
                Duration.ofSeconds(settings.integer("thatmusic.search-ttl-seconds", 86_400, 1, Integer.MAX_VALUE)),
                settings.string("thatmusic.public-url", null)),
            vk, new VkAudioSource(vk, new AudioFetcher(web.timeout())), files,
            new Transcoder(settings.string("source.ffmpeg", "ffmpeg")),
            searchCache.equals("sqlite") ? dataDir.resolve("thatmusic-search.db") : null, Clock.systemUTC());
        resources.add(face);
        return face;
    }
}

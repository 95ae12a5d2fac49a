package org.tonearm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.catalog.CatalogHolder;
import org.tonearm.catalog.CatalogImporter;
import org.tonearm.catalog.CatalogStore;
import org.tonearm.catalog.CatalogWarmer;
import org.tonearm.catalog.ImportProgress;
import org.tonearm.catalog.SyntheticDump;
import org.tonearm.http.spotify.SpotifyConfig;

/** Builds the catalog side of the graph: the served catalog (a demo one on a fresh install) and the face's settings. */
final class Catalogs {
    private static final Logger log = LoggerFactory.getLogger(Catalogs.class);

    private Catalogs() {
    }

    /**
     * Opens the catalog in {@code DATA/catalog}. With none there yet, and {@code catalog.demo-tracks} above 0,
     * generates a small synthetic dump and imports it first, so a fresh install answers real requests at once.
     */
    static CatalogHolder open(Path dataDir, Settings settings) throws IOException {
        CatalogStore store = new CatalogStore(dataDir.resolve("catalog"));
        int demoTracks = settings.integer("catalog.demo-tracks", 5000, 0, 5_000_000);
        if (store.current().isEmpty() && demoTracks > 0) {
            log.info("no catalog yet: building a demo catalog of {} synthetic tracks (import the real dump with "
                + "./tonearm import DUMP_DIR)", demoTracks);
            Path dump = Files.createTempDirectory(dataDir, "demo-dump");
            try {
                SyntheticDump.generate(dump, demoTracks, 1, Long.MAX_VALUE);
                new CatalogImporter(CatalogImporter.Options.defaults(), new ImportProgress(null, Duration.ofSeconds(10)))
                    .importDump(dump, store, Map.of("demo", true));
            } finally {
                CatalogStore.deleteTree(dump);
            }
        }
        return new CatalogHolder(store, CatalogWarmer.Preload.parse(settings.string("catalog.preload", "auto")));
    }

    static SpotifyConfig spotifyConfig(Settings s) {
        String publicUrl = s.string("http.public-url", null);
        return new SpotifyConfig(s.bool("spotify.require-token", false), s.integer("spotify.rate-limit", 0, 0, 1_000_000),
            publicUrl, s.string("spotify.user-market", "US").toUpperCase(java.util.Locale.ROOT),
            Duration.ofSeconds(s.integer("spotify.token-lifetime-seconds", 3600, 60, 86_400)));
    }
}

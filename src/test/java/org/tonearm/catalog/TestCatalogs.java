package org.tonearm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Catalogs built once per test JVM: the real sample and a synthetic dump, each imported into its own data folder. */
public final class TestCatalogs {
    private static Path sampleData;
    private static Path syntheticDump;
    private static Path syntheticData;

    private TestCatalogs() {
    }

    public static Path shared() {
        String s = System.getProperty("tonearm.shared");
        if (s == null) {
            throw new IllegalStateException("system property tonearm.shared is not set (surefire sets it)");
        }
        return Path.of(s);
    }

    /** The real 393-track sample of the dump. */
    public static Path sampleDump() {
        return shared().resolve("data/annas-prod-sample");
    }

    public static CatalogImporter importer() {
        return new CatalogImporter(new CatalogImporter.Options(1024, 2, 2, 64), new ImportProgress(null, Duration.ofSeconds(30)));
    }

    /** A data folder whose catalog is the imported real sample (shared: do not modify). */
    public static synchronized Path sampleData() {
        if (sampleData == null) {
            sampleData = importInto(sampleDump(), "tonearm-sample");
        }
        return sampleData;
    }

    /** A synthetic dump of 20,000 tracks, seed 7 (shared: do not modify). */
    public static synchronized Path syntheticDump() {
        if (syntheticDump == null) {
            try {
                syntheticDump = Files.createTempDirectory("tonearm-synth-dump");
                SyntheticDump.generate(syntheticDump, 20_000, 7, 8_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return syntheticDump;
    }

    /** A data folder whose catalog is {@link #syntheticDump()} imported (shared: do not modify). */
    public static synchronized Path syntheticData() {
        if (syntheticData == null) {
            syntheticData = importInto(syntheticDump(), "tonearm-synth");
        }
        return syntheticData;
    }

    static Path importInto(Path dump, String prefix) {
        try {
            Path data = Files.createTempDirectory(prefix);
            importer().importDump(dump, new CatalogStore(data.resolve("catalog")), Map.of());
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every live track of a catalog, read document by document from its tracks index, with its album. */
    static java.util.List<Track> liveTracks(Catalog c) throws IOException {
        java.util.List<Track> out = new java.util.ArrayList<>();
        Map<String, Album> cache = new java.util.HashMap<>();
        for (org.apache.lucene.index.LeafReaderContext leaf : c.tracksIndex().reader.leaves()) {
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                if (live == null || live.get(doc)) {
                    out.add(c.decodeTrack(c.tracksIndex().data(leaf.docBase + doc), cache));
                }
            }
        }
        return out;
    }

    /** Opens the current catalog of a data folder. */
    public static Catalog open(Path data) {
        try {
            return Catalog.open(new CatalogStore(data.resolve("catalog")).current().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

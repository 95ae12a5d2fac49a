package org.tonearm.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.http.Face;
import org.tonearm.http.HttpServer;
import org.tonearm.catalog.CatalogHolder;
import org.tonearm.http.root.RootFace;
import org.tonearm.http.spotify.SpotifyFace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tonearm serve}: the composition root that builds every service from the settings and starts HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Option(names = "--port", description = "HTTP port (default 8080, or http.port / TONEARM_HTTP_PORT)")
    Integer port;

    @Option(names = "--host", description = "address to listen on (default 0.0.0.0)")
    String host;

    @Option(names = "--db", description = "app state in PostgreSQL (postgresql://user:pass@host/db) instead of DATA/tonearm.db")
    String db;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (port != null) {
            flags.put("http.port", port.toString());
        }
        if (host != null) {
            flags.put("http.host", host);
        }
        if (db != null) {
            flags.put("db.url", db);
        }
        Settings settings = dataOptions.settings(flags);
        try (Application app = Application.start(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
            new CountDownLatch(1).await();
        }
        return 0;
    }

    /** The running server and everything it owns; closing it stops HTTP and releases the catalog and the store. */
    public static final class Application implements AutoCloseable {
        private final List<AutoCloseable> resources;
        private final HttpServer http;

        private Application(HttpServer http, List<AutoCloseable> resources) {
            this.http = http;
            this.resources = resources;
        }

        public int port() {
            return http.port();
        }

        /** Builds the object graph from the settings and starts listening. */
        public static Application start(Settings settings) throws Exception {
            Path dataDir = settings.path("data.dir", Path.of("data")).toAbsolutePath();
            java.nio.file.Files.createDirectories(dataDir);
            log.info("data folder {}", dataDir);
            List<AutoCloseable> resources = new ArrayList<>();
            List<Face> faces = new ArrayList<>();
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("data", dataDir.toString());
            CatalogHolder catalog = Catalogs.open(dataDir, settings);
            resources.add(catalog);
            status.put("catalog", (Supplier<Object>) () -> catalog.maybe().map(l -> (Object) l.catalog().info())
                .orElse("none: run ./tonearm import DUMP_DIR"));
            catalog.maybe().filter(l -> l.catalog().info().demo()).ifPresent(l -> status.put("note",
                "serving a small synthetic demo catalog; import the real dump with ./tonearm import DUMP_DIR"));
            StateWiring state = StateWiring.open(settings, dataDir, settings.integer("http.port", 8080, 0, 65535));
            resources.add(state);
            faces.add(state.face());
            status.put("state", state.store.toString());
            faces.add(new SpotifyFace(catalog, Catalogs.spotifyConfig(settings), state.apiClients::verify, Clock.systemUTC()));
            faces.add(VkCommand.thatMusicFace(settings, dataDir, resources));
            RootFace root = new RootFace(() -> status);
            HttpServer http = new HttpServer(faces, root, settings.integer("http.max-request-bytes", 1 << 20, 1024, Integer.MAX_VALUE));
            http.start(settings.string("http.host", "0.0.0.0"), settings.integer("http.port", 8080, 0, 65535));
            return new Application(http, resources);
        }

        @Override
        public synchronized void close() {
            http.close();
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    log.warn("closing {} failed: {}", resources.get(i), e.getMessage());
                }
            }
            resources.clear();
        }
    }
}

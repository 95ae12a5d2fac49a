package org.tonearm.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that work on the app state: the data folder, configuration and an optional PostgreSQL. */
public final class StateOptions {
    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Option(names = "--db", description = "PostgreSQL address instead of the SQLite file (db.url)")
    String db;

    /** Opens the store and the services on it, as {@code serve} would. */
    StateWiring open() {
        Settings settings = dataOptions.settings(db == null ? Map.of() : Map.of("db.url", db));
        return StateWiring.open(settings, settings.path("data.dir", Path.of("data")).toAbsolutePath(), 0);
    }
}

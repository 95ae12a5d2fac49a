package org.tonearm.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by commands that work on a data folder: where it is and which configuration file to read. */
public final class DataOptions {
    @Option(names = "--data", description = "data folder (default ./data, or data.dir / TONEARM_DATA_DIR)")
    Path data;

    @Option(names = "--config", description = "properties file with settings (default DATA/tonearm.properties when present)")
    Path config;

    /** Loads the layered settings; {@code extraFlags} are this command's own flags (null values ignored). */
    public Settings settings(Map<String, String> extraFlags) {
        Map<String, String> flags = new HashMap<>(extraFlags);
        if (data != null) {
            flags.put("data.dir", data.toString());
        }
        Map<String, String> env = System.getenv();
        Path file = config;
        if (file == null) {
            Settings pre = Settings.load(Defaults.VALUES, null, env, flags);
            Path candidate = pre.path("data.dir", Path.of("data")).resolve("tonearm.properties");
            if (candidate.toFile().isFile()) {
                file = candidate;
            }
        }
        return Settings.load(Defaults.VALUES, file, env, flags);
    }
}

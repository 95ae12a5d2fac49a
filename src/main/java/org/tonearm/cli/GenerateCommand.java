package org.tonearm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tonearm.catalog.SyntheticDump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tonearm generate OUT_DIR --tracks N}: writes a synthetic dump with the real layout and quirks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic Spotify dump (real layout and quirks) of any size, deterministic for a seed.")
public final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUT_DIR")
    Path out;

    @Option(names = "--tracks", required = true, description = "number of tracks")
    long tracks;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default 1)")
    long seed;

    @Option(names = "--split-rows", defaultValue = "2000000",
        description = "tables with more rows than this are written as folders of part files (default 2000000)")
    long splitRows;

    @Override
    public Integer call() throws Exception {
        if (tracks < 1) {
            System.err.println("tonearm generate: --tracks must be at least 1");
            return 2;
        }
        SyntheticDump.generate(out, tracks, seed, splitRows);
        return 0;
    }
}

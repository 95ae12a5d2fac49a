package org.tonearm.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tonearm.catalog.CatalogImporter;
import org.tonearm.catalog.CatalogStore;
import org.tonearm.catalog.DumpException;
import org.tonearm.catalog.ImportProgress;
import org.tonearm.catalog.ImportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tonearm import DUMP_DIR}: builds a new catalog from a dump and swaps it in when it is complete. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import an Anna's Archive Spotify dump (TABLE.parquet or TABLE/*.parquet per table) into the catalog.")
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DUMP_DIR", description = "folder holding the dump's ten tables")
    Path dump;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Option(names = "--threads", description = "indexing threads (default: one per core)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Settings settings = dataOptions.settings(Map.of());
        Path data = settings.path("data.dir", Path.of("data"));
        CatalogImporter.Options o = CatalogImporter.Options.defaults();
        if (threads != null) {
            o = o.withIndexThreads(threads);
        }
        try {
            ImportReport report = new CatalogImporter(o, ImportProgress.automatic())
                .importDump(dump, new CatalogStore(data.resolve("catalog")), Map.of());
            System.out.print(report.summary());
            return 0;
        } catch (DumpException e) {
            System.err.println("tonearm import: " + e.getMessage());
            System.err.println("the previous catalog (if any) is unchanged");
            return 1;
        } catch (IllegalStateException e) {
            System.err.println("tonearm import: " + e.getMessage());
            return 1;
        }
    }
}

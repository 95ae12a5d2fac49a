package org.tonearm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tonearm} command line: serve, import, generate and the admin commands. */
@Command(name = "tonearm", mixinStandardHelpOptions = true, version = "tonearm 0.1.0",
    description = "Self-hosted music server: Spotify Web API catalog, VK audio, downloads, automation.",
    subcommands = {ServeCommand.class, ImportCommand.class, GenerateCommand.class, VkApiCommand.class, UserCommand.class, ClientCommand.class, VkCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof Settings.InvalidSetting || ex instanceof org.tonearm.TonearmException
                || ex instanceof org.tonearm.store.StoreFailure) {
                commandLine.getErr().println("tonearm: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}

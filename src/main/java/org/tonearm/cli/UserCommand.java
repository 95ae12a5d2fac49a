package org.tonearm.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.tonearm.account.Role;
import org.tonearm.account.User;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tonearm user}: create and list accounts from the command line (the first admin, scripted setups). */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage accounts.",
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class})
public final class UserCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code tonearm user add NAME [--admin] [--password-stdin]}. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account; asks for the password.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StateOptions state = new StateOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "user name")
        String name;

        @Option(names = "--admin", description = "give the account the admin role")
        boolean admin;

        @Option(names = "--email", description = "e-mail address")
        String email;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String password = passwordStdin ? readStdin() : readConsole();
            if (password == null) {
                spec.commandLine().getErr().println(
                    "tonearm: no terminal to ask for the password; use --password-stdin");
                return 2;
            }
            try (StateWiring wiring = state.open()) {
                User user = wiring.accounts.create(name, password, email, admin ? Role.ADMIN : Role.USER);
                spec.commandLine().getOut().println("created " + user.role().wire() + " '" + user.username() + "'");
            }
            return 0;
        }

        private static String readStdin() throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? "" : line;
        }

        private String readConsole() {
            Console console = System.console();
            // since JDK 22 there is a Console even without a terminal; only a real one may be asked for a password
            if (console == null || !console.isTerminal()) {
                return null;
            }
            char[] first = console.readPassword("Password for %s: ", name);
            char[] second = console.readPassword("Repeat the password: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new org.tonearm.TonearmException.InvalidInput("the passwords do not match");
            }
            String password = new String(first);
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
            return password;
        }
    }

    /** {@code tonearm user list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts and their roles.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StateOptions state = new StateOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (StateWiring wiring = state.open()) {
                for (User u : wiring.accounts.list()) {
                    spec.commandLine().getOut().println(u.username() + "\t" + u.role().wire()
                        + (u.email() == null ? "" : "\t" + u.email()));
                }
            }
            return 0;
        }
    }
}

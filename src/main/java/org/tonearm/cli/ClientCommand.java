package org.tonearm.cli;

import java.util.concurrent.Callable;
import org.tonearm.account.ApiClient;
import org.tonearm.account.ApiClientRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tonearm client}: client ids and secrets for the Spotify face's {@code /api/token} (secrets stored hashed). */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage Spotify API clients (for /api/token).",
    subcommands = {ClientCommand.Add.class, ClientCommand.ListClients.class, ClientCommand.Remove.class})
public final class ClientCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code tonearm client add NAME}: prints the new id and secret; the secret is shown this once only. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a client; prints its id and secret once.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StateOptions state = new StateOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "what the client is for, e.g. beets")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (StateWiring wiring = state.open()) {
                ApiClientRepository.Created c = wiring.apiClients.create(name);
                var out = spec.commandLine().getOut();
                out.println("client_id=" + c.client().clientId());
                out.println("client_secret=" + c.secret());
                spec.commandLine().getErr().println("keep the secret now: only its hash is stored");
            }
            return 0;
        }
    }

    /** {@code tonearm client list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clients (never their secrets).")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        StateOptions state = new StateOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (StateWiring wiring = state.open()) {
                for (ApiClient c : wiring.apiClients.list()) {
                    spec.commandLine().getOut().println(c.clientId() + "\t" + c.name() + "\t" + c.createdAt());
                }
            }
            return 0;
        }
    }

    /** {@code tonearm client remove CLIENT_ID}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a client; its tokens stop working at expiry.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StateOptions state = new StateOptions();

        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (StateWiring wiring = state.open()) {
                if (!wiring.apiClients.delete(clientId)) {
                    spec.commandLine().getErr().println("tonearm: no client " + clientId);
                    return 1;
                }
                spec.commandLine().getOut().println("removed " + clientId);
            }
            return 0;
        }
    }
}

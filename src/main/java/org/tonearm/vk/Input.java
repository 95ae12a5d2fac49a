package org.tonearm.vk;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where the client gets what only a person can give: password, 2FA code, phone digits, captcha text.
 * Answering null (or blank) refuses, and the step fails with a clear {@link VkException}.
 */
@FunctionalInterface
public interface Input {

    /** What is being asked. {@code details} holds {@code captcha_img}, {@code phone_prefix}/{@code phone_suffix}, {@code redirect_uri}. */
    record Prompt(Kind kind, String message, Map<String, String> details) {
        public Prompt {
            details = Map.copyOf(details);
        }

        public String detail(String key) {
            return details.getOrDefault(key, "");
        }
    }

    /** The kinds of question; {@code PASSWORD} answers must never be echoed or logged. */
    enum Kind { USERNAME, PASSWORD, SECRET_CODE, PHONE_DIGITS, CAPTCHA, VALIDATION }

    String ask(Prompt prompt);

    /** Reads answers from the terminal; the password is read without echo when a console is attached. */
    static Input stdin() {
        return new Input() {
            private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

            @Override
            public String ask(Prompt prompt) {
                Console console = System.console();
                PrintStream out = System.err;
                String label = switch (prompt.kind()) {
                    case USERNAME -> "VK login: ";
                    case PASSWORD -> "Password: ";
                    case SECRET_CODE -> "2FA code: ";
                    case PHONE_DIGITS -> "Missing digits of " + prompt.detail("phone_prefix") + "..." + prompt.detail("phone_suffix") + ": ";
                    case CAPTCHA -> "Captcha (" + prompt.detail("captcha_img") + "): ";
                    case VALIDATION -> "Open " + prompt.detail("redirect_uri") + " in a browser, then press Enter (or type 'no'): ";
                };
                if (prompt.kind() == Kind.PASSWORD && console != null && console.isTerminal()) {
                    char[] pw = console.readPassword("%s", label);
                    return pw == null ? null : new String(pw);
                }
                out.print(label);
                out.flush();
                try {
                    String line = in.readLine();
                    if (prompt.kind() == Kind.VALIDATION) {
                        return line == null || line.trim().equalsIgnoreCase("no") ? null : "ok";
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** Refuses everything: for unattended use where a question means failure. */
    static Input none() {
        return prompt -> null;
    }
}

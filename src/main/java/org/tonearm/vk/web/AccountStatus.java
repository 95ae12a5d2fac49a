package org.tonearm.vk.web;

import java.util.List;

/**
 * Where one account's web session stands, safe to show an operator (login masked, no secrets).
 *
 * @param missingFields the form fields VK asks for before the session is usable (empty unless {@code NEEDS_SECOND_FACTOR})
 * @param message       what happened last, in words (VK's own message when it gave one)
 */
public record AccountStatus(String account, State state, List<String> missingFields, String message) {
    /** Life cycle of a session. */
    public enum State { LOGGED_OUT, NEEDS_SECOND_FACTOR, READY, RESTING, FAILED }

    public AccountStatus {
        missingFields = List.copyOf(missingFields);
    }
}

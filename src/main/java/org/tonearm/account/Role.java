package org.tonearm.account;

import java.util.Locale;
import org.tonearm.TonearmException;

/** What a user may do: {@code user} uses the server, {@code admin} also manages users, configuration and credentials. */
public enum Role {
    USER, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String value) {
        if ("user".equals(value)) {
            return USER;
        }
        if ("admin".equals(value)) {
            return ADMIN;
        }
        throw new TonearmException.InvalidInput("role must be 'user' or 'admin'");
    }
}

package org.tonearm.account;

import java.time.Instant;

/**
 * An account. {@code passwordHash} is null for users who only sign in through SSO; {@code tokenVersion} grows on every
 * password or role change so that tokens issued before it stop working.
 */
public record User(String username, String email, String passwordHash, Role role, Instant createdAt, Instant lastLogin,
                   int tokenVersion, String ssoProvider) {

    public boolean isSsoUser() {
        return ssoProvider != null;
    }
}

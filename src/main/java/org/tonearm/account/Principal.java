package org.tonearm.account;

/** Who is making a request; {@link #SYSTEM} stands for everyone when authentication is disabled. */
public record Principal(String username, Role role, String tokenId, long expiresAtMillis) {
    public static final Principal SYSTEM = new Principal("system", Role.ADMIN, null, Long.MAX_VALUE);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean isSystem() {
        return this == SYSTEM;
    }
}

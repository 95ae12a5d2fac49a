package org.tonearm.vk;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token with what VK said about it.
 *
 * @param accessToken the secret itself (never logged; {@link #toString()} masks it)
 * @param userId      VK user id the token acts for, 0 when VK did not say
 * @param expiresAt   when it stops working, or null for a non-expiring ({@code offline}) token
 * @param scope       the rights VK granted
 */
public record VkToken(String accessToken, long userId, Instant expiresAt, Rights scope) {
    public VkToken {
        Objects.requireNonNull(accessToken, "accessToken");
        if (accessToken.isBlank()) {
            throw new IllegalArgumentException("an access token must not be blank");
        }
        scope = scope == null ? Rights.NONE : scope;
    }

    /** A token obtained elsewhere, with nothing known about it. */
    public static VkToken of(String accessToken) {
        return new VkToken(accessToken, 0, null, Rights.NONE);
    }

    /** {@code expires_in} of 0 means "never" in VK's answers. */
    static VkToken fromAnswer(String token, long userId, long expiresIn, Instant now, Rights scope) {
        return new VkToken(token, userId, expiresIn > 0 ? now.plusSeconds(expiresIn) : null, scope);
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public VkToken withScope(Rights s) {
        return new VkToken(accessToken, userId, expiresAt, s);
    }

    @Override
    public String toString() {
        return "VkToken[" + Secrets.mask(accessToken) + ", user " + userId + ", expires " + (expiresAt == null ? "never" : expiresAt) + ", scope " + scope + "]";
    }
}

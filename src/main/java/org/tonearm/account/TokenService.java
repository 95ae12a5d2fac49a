package org.tonearm.account;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.tonearm.store.Jdbc;

/**
 * Access tokens: HS256 JWTs (nimbus-jose-jwt) signed with a key kept in the data folder. A token is accepted only while
 * unexpired, not revoked by logout, and issued at the user's current token version (password and role changes bump it).
 */
public final class TokenService {
    private static final String ISSUER = "tonearm";

    private final byte[] key;
    private final Duration ttl;
    private final Jdbc jdbc;
    private final UserRepository users;
    private final Clock clock;

    public TokenService(byte[] key, Duration ttl, Jdbc jdbc, UserRepository users, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("JWT key must be at least 256 bits");
        }
        this.key = key.clone();
        this.ttl = ttl;
        this.jdbc = jdbc;
        this.users = users;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(User user) {
        long now = clock.millis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(user.username())
            .jwtID(UUID.randomUUID().toString())
            .issueTime(new Date(now))
            .expirationTime(new Date(now + ttl.toMillis()))
            .claim("role", user.role().wire())
            .claim("ver", user.tokenVersion())
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }

    /** The principal a token stands for, or empty when it is malformed, forged, expired, revoked or outdated. */
    public Optional<Principal> verify(String token) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(c.getIssuer()) || c.getExpirationTime() == null || c.getJWTID() == null
                || c.getExpirationTime().getTime() <= clock.millis()) {
                return Optional.empty();
            }
            if (isRevoked(c.getJWTID())) {
                return Optional.empty();
            }
            Long version = c.getLongClaim("ver");
            Optional<User> user = users.find(c.getSubject());
            if (user.isEmpty() || version == null || version != user.get().tokenVersion()) {
                return Optional.empty();
            }
            return Optional.of(new Principal(user.get().username(), user.get().role(), c.getJWTID(),
                c.getExpirationTime().getTime()));
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }

    /** Makes a token unusable until it would have expired anyway. */
    public void revoke(Principal principal) {
        if (principal.tokenId() == null) {
            return;
        }
        long now = clock.millis();
        jdbc.transaction(tx -> {
            tx.update("DELETE FROM revoked_tokens WHERE expires_at < ?", now);
            tx.update("INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING",
                principal.tokenId(), principal.expiresAtMillis());
            return null;
        });
    }

    private boolean isRevoked(String jti) {
        return jdbc.count("SELECT COUNT(*) FROM revoked_tokens WHERE jti = ?", jti) > 0;
    }
}

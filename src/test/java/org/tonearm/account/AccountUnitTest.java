package org.tonearm.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonearm.TonearmException;

/** Hashing, encryption, masking, key files and the login rate limiter. */
class AccountUnitTest {

    @Test
    void argon2idHashesAreSaltedAndVerifyOnlyTheRightPassword() {
        PasswordHasher h = new PasswordHasher(1024, 1, 1);
        String a = h.hash("password-one");
        String b = h.hash("password-one");
        assertTrue(a.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"));
        assertNotEquals(a, b, "salted");
        assertTrue(h.verify("password-one", a));
        assertFalse(h.verify("password-two", a));
        assertFalse(h.verify("password-one", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"));
        assertFalse(h.verify("password-one", "garbage"));
        assertFalse(h.verify("password-one", null));
        assertTrue(PasswordHasher.standard().verify("x", PasswordHasher.standard().hash("x")));
    }

    @Test
    void secretBoxDetectsTamperingAndMasksShortAndLongSecrets() {
        SecretBox box = new SecretBox(new byte[32]);
        String sealed = box.seal("very secret value", "vk/main");
        assertFalse(sealed.contains("secret"));
        assertEquals("very secret value", box.open(sealed, "vk/main"));
        assertThrows(IllegalStateException.class, () -> box.open(sealed, "vk/other"));
        char[] c = sealed.toCharArray();
        c[c.length - 3] = c[c.length - 3] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> box.open(new String(c), "vk/main"));
        assertThrows(IllegalStateException.class, () -> new SecretBox(new byte[32]).open(new SecretBox(filled()).seal("x", "a"), "a"));
        assertEquals("********", SecretBox.mask("short"));
        assertEquals("********7890", SecretBox.mask("abcdefgh1234567890"));
    }

    private static byte[] filled() {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) 7);
        return k;
    }

    @Test
    void keyFilesAreCreatedOnceOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("jwt.key");
        byte[] first = Keys.jwtKey(f);
        assertEquals(32, first.length);
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(f));
        assertTrue(java.util.Arrays.equals(first, Keys.jwtKey(f)));
        Files.writeString(f, "not-base64!!");
        assertThrows(java.io.UncheckedIOException.class, () -> Keys.jwtKey(f));
    }

    @Test
    void rateLimiterCountsFailuresInAWindowAndTellsHowLongToWait() {
        AtomicLong now = new AtomicLong(1_000_000);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        LoginRateLimiter l = new LoginRateLimiter(new LoginRateLimiter.Limits(3, 10, 60), clock);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> l.check("1.2.3.4", "Alice"));
            l.failed("1.2.3.4", "Alice");
            now.addAndGet(1000);
        }
        var e = assertThrows(TonearmException.RateLimited.class, () -> l.check("5.6.7.8", "alice"));
        assertEquals(57, e.retryAfterSeconds(), "the first failure, 3 s ago, leaves the 60 s window in 57 s");
        now.addAndGet(56_000);
        assertThrows(TonearmException.RateLimited.class, () -> l.check("5.6.7.8", "alice"));
        now.addAndGet(1_000);
        assertDoesNotThrow(() -> l.check("5.6.7.8", "alice"));
        l.succeeded("alice");
        assertDoesNotThrow(() -> l.check("1.2.3.4", "alice"));
    }

    @Test
    void tokensFromAnotherKeyOrPastTheirExpiryAreRejected(@TempDir Path dir) {
        User u = new User("bob", null, null, Role.USER, Instant.now(), null, 0, null);
        TokenService other = new TokenService(filled(), Duration.ofHours(1), null, null, Clock.systemUTC());
        TokenService mine = new TokenService(new byte[32], Duration.ofHours(1), null, null, Clock.systemUTC());
        assertTrue(mine.verify(other.issue(u)).isEmpty());
        assertTrue(mine.verify("not.a.token").isEmpty());
        assertTrue(mine.verify("x".repeat(10_000)).isEmpty());
        TokenService old = new TokenService(new byte[32], Duration.ofMinutes(1), null, null,
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
        assertTrue(mine.verify(old.issue(u)).isEmpty());
    }
}

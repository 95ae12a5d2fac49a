package org.tonearm.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tonearm.TonearmException;
import org.tonearm.store.EachDatabase;
import org.tonearm.store.Store;

/** Accounts, API clients and credentials on both databases. */
class AccountStoreTest {
    private static final PasswordHasher FAST = new PasswordHasher(1024, 1, 1);

    private static AccountService accounts(Store store, Path dataDir) {
        UserRepository users = new UserRepository(store.jdbc());
        TokenService tokens = new TokenService(Keys.jwtKey(dataDir.resolve("jwt.key")), Duration.ofHours(1), store.jdbc(),
            users, Clock.systemUTC());
        return new AccountService(new AccountConfig(true, true), users, FAST, tokens,
            new LoginRateLimiter(new LoginRateLimiter.Limits(5, 20, 60), Clock.systemUTC()));
    }

    @EachDatabase
    void concurrentDemotionsNeverLeaveZeroAdmins(Store store, Path dataDir) throws Exception {
        AccountService a = accounts(store, dataDir);
        Principal actor = Principal.SYSTEM;
        for (int i = 0; i < 4; i++) {
            a.create("admin" + i, "password-" + i + "xx", null, Role.ADMIN);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                String name = "admin" + i;
                boolean delete = i % 2 == 0;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        if (delete) {
                            a.delete(actor, name);
                        } else {
                            a.setRole(actor, name, Role.USER);
                        }
                        return true;
                    } catch (TonearmException.Conflict e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int succeeded = 0;
            for (Future<Boolean> f : results) {
                succeeded += f.get() ? 1 : 0;
            }
            assertEquals(3, succeeded, "all but one change went through");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, a.list().stream().filter(u -> u.role() == Role.ADMIN).count());
    }

    @EachDatabase
    void tokensCarryTheTokenVersionAndRevocationSticks(Store store, Path dataDir) {
        AccountService a = accounts(store, dataDir);
        a.register("alice", "alice-password", "alice@example.org");
        AccountService.Session s = a.login("127.0.0.1", "alice", "alice-password");
        Principal p = a.authenticate(s.accessToken()).orElseThrow();
        assertEquals("alice", p.username());
        assertEquals(Role.ADMIN, p.role());
        a.logout(p);
        assertTrue(a.authenticate(s.accessToken()).isEmpty());
        AccountService.Session s2 = a.login("127.0.0.1", "alice", "alice-password");
        a.resetPassword("alice", "another-password");
        assertTrue(a.authenticate(s2.accessToken()).isEmpty());
        assertThrows(TonearmException.Unauthorized.class, () -> a.login("127.0.0.1", "alice", "alice-password"));
    }

    @EachDatabase
    void apiClientsVerifyOnlyTheirOwnSecret(Store store) {
        ApiClientRepository clients = new ApiClientRepository(store.jdbc(), FAST);
        ApiClientRepository.Created beets = clients.create("beets");
        ApiClientRepository.Created spotipy = clients.create("spotipy");
        assertNotEquals(beets.client().clientId(), spotipy.client().clientId());
        assertTrue(clients.verify(beets.client().clientId(), beets.secret()));
        assertFalse(clients.verify(beets.client().clientId(), spotipy.secret()));
        assertFalse(clients.verify("unknown", beets.secret()));
        assertFalse(clients.verify(beets.client().clientId(), null));
        assertTrue(beets.client().secretHash().startsWith("$argon2id$"));
        assertFalse(beets.client().secretHash().contains(beets.secret()));
        assertEquals(List.of("beets", "spotipy"), clients.list().stream().map(ApiClient::name).toList());
        assertTrue(clients.delete(beets.client().clientId()));
        assertFalse(clients.delete(beets.client().clientId()));
        assertFalse(clients.verify(beets.client().clientId(), beets.secret()));
        assertTrue(clients.find(spotipy.client().clientId()).isPresent());
        assertThrows(TonearmException.InvalidInput.class, () -> clients.create(" "));
    }

    @EachDatabase
    void credentialsAreSealedPerRow(Store store, Path dataDir) {
        CredentialService creds = new CredentialService(store.jdbc(), new SecretBox(Keys.secretKey(dataDir.resolve("secret.key"))));
        creds.create("vk", "a", Map.of("access_token", "token-aaaaaaaaaaaa"));
        creds.create("vk", "b", Map.of("access_token", "token-bbbbbbbbbbbb"));
        String sealedA = store.jdbc().one("SELECT sealed FROM credentials WHERE name = 'a'", rs -> rs.getString(1)).orElseThrow();
        assertFalse(sealedA.contains("token-aaaa"));
        // a sealed value copied onto another row does not decrypt there
        store.jdbc().update("UPDATE credentials SET sealed = ? WHERE name = 'b'", sealedA);
        assertThrows(IllegalStateException.class, () -> creds.get("vk", "b"));
        assertEquals("token-aaaaaaaaaaaa", creds.get("vk", "a").fields().get("access_token"));
    }
}

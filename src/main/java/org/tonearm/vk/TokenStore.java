package org.tonearm.vk;

import java.net.HttpCookie;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions survive restarts: the token and the login cookies, never the password.
 * {@link FileTokenStore} keeps them in files; services with a database can keep them there.
 */
public interface TokenStore {

    /** What one account's session consists of. {@code toString()} masks the secrets. */
    record Session(VkToken token, List<HttpCookie> cookies, Instant savedAt) {
        public Session {
            cookies = List.copyOf(cookies);
        }

        @Override
        public String toString() {
            return "Session[" + token + ", " + cookies.size() + " cookies, saved " + savedAt + "]";
        }
    }

    Optional<Session> load(String account);

    void save(String account, Session session);

    void delete(String account);

    /** Remembers nothing: every start needs the password again. */
    static TokenStore none() {
        return new TokenStore() {
            @Override
            public Optional<Session> load(String account) {
                return Optional.empty();
            }

            @Override
            public void save(String account, Session session) {
            }

            @Override
            public void delete(String account) {
            }
        };
    }
}

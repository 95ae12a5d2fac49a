-- Client ids for the Spotify face's /api/token (client-credentials grant); secrets are Argon2id hashes.
CREATE TABLE api_clients (
    client_id   TEXT   NOT NULL PRIMARY KEY,
    name        TEXT   NOT NULL,
    secret_hash TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);

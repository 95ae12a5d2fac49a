-- One schema for SQLite and PostgreSQL: portable types only (TEXT, INTEGER, BIGINT epoch milliseconds).
CREATE TABLE users (
    username      TEXT    NOT NULL PRIMARY KEY,
    email         TEXT,
    password_hash TEXT,
    role          TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_login    BIGINT,
    token_version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sso_links (
    provider   TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    username   TEXT   NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    email      TEXT,
    linked_at  BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE UNIQUE INDEX sso_links_user_provider ON sso_links (username, provider);

CREATE TABLE sso_states (
    state         TEXT   NOT NULL PRIMARY KEY,
    provider      TEXT   NOT NULL,
    code_verifier TEXT   NOT NULL,
    browser_hash  TEXT   NOT NULL,
    link_username TEXT,
    created_at    BIGINT NOT NULL
);

CREATE TABLE revoked_tokens (
    jti        TEXT   NOT NULL PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

CREATE TABLE app_settings (
    name       TEXT   NOT NULL PRIMARY KEY,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE credentials (
    service    TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    sealed     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (service, name)
);

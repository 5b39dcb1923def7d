-- Registries: the non-secret snapshot as JSON, secrets as one AEAD ciphertext
-- (associated data "registry:<id>", so a ciphertext copied to another row does not decrypt).
CREATE TABLE registries (
    id               uuid         PRIMARY KEY,
    name             varchar(63)  NOT NULL UNIQUE,
    provider         varchar(16)  NOT NULL,
    url              varchar(255) NOT NULL,
    is_default       boolean      NOT NULL DEFAULT false,
    revision         bigint       NOT NULL,
    snapshot         text         NOT NULL,
    secrets          bytea,
    secrets_key_id   bigint,
    secrets_set      text         NOT NULL DEFAULT '',
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    created_by       varchar(200),
    updated_by       varchar(200)
);
-- at most one default registry
CREATE UNIQUE INDEX registries_one_default ON registries (is_default) WHERE is_default;

-- Transactional outbox: written in the same transaction as the change it announces.
CREATE TABLE outbox (
    id            bigserial    PRIMARY KEY,
    event_id      uuid         NOT NULL,
    event_type    varchar(100) NOT NULL,
    event_key     varchar(300) NOT NULL,
    payload       bytea        NOT NULL,
    created_at    timestamptz  NOT NULL,
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Credential consumers (injectors, indexers, pushers) and the catalog's decision on each.
CREATE TABLE consumers (
    consumer_id          varchar(200) PRIMARY KEY,
    kind                 varchar(16)  NOT NULL,
    public_keyset        text         NOT NULL,
    key_fingerprint      varchar(80)  NOT NULL,
    capabilities         varchar(100) NOT NULL,
    state                varchar(16)  NOT NULL,
    approved_fingerprint varchar(80),
    software_version     varchar(50),
    announced_at         timestamptz  NOT NULL,
    decided_at           timestamptz,
    decided_by           varchar(200)
);

-- API tokens, stored as SHA-256 of the token (tokens are 256-bit random, so a hash suffices).
CREATE TABLE api_tokens (
    id            uuid         PRIMARY KEY,
    name          varchar(100) NOT NULL,
    role          varchar(16)  NOT NULL,
    token_sha256  char(64)     NOT NULL UNIQUE,
    created_at    timestamptz  NOT NULL,
    created_by    varchar(200),
    revoked_at    timestamptz
);

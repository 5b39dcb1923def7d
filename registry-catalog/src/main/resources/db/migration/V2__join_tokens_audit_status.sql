-- Usage flags as columns, so lists can filter on them.
ALTER TABLE registries ADD COLUMN push_helm boolean NOT NULL DEFAULT false;
ALTER TABLE registries ADD COLUMN chart_repository boolean NOT NULL DEFAULT false;
CREATE INDEX registries_provider ON registries (provider);

-- One-time join tokens: the token itself is kept encrypted (a consumer's proof is an HMAC under it).
CREATE TABLE join_tokens (
    id               varchar(40)  PRIMARY KEY,
    token_ciphertext bytea        NOT NULL,
    token_key_id     bigint       NOT NULL,
    kind             varchar(16),
    consumer_name    varchar(200),
    description      varchar(500),
    expires_at       timestamptz  NOT NULL,
    used_at          timestamptz,
    used_by          varchar(200),
    created_at       timestamptz  NOT NULL,
    created_by       varchar(200)
);

-- Who changed what, and when. Never secret values.
CREATE TABLE audit_log (
    id           bigserial    PRIMARY KEY,
    at           timestamptz  NOT NULL,
    actor        varchar(200) NOT NULL,
    action       varchar(50)  NOT NULL,
    target_type  varchar(30)  NOT NULL,
    target_id    varchar(200),
    target_name  varchar(200),
    details      text         NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target ON audit_log (target_id, id);

-- The latest minter status per registry, and the latest injector status per cluster and registry.
CREATE TABLE registry_status (
    registry_id  varchar(64)  PRIMARY KEY,
    state        varchar(20)  NOT NULL,
    generation   bigint       NOT NULL,
    expires_at   timestamptz,
    message      text,
    at           timestamptz  NOT NULL
);
CREATE TABLE cluster_status (
    id           varchar(300) PRIMARY KEY,
    registry_id  varchar(64)  NOT NULL,
    cluster_id   varchar(200) NOT NULL,
    generation   bigint       NOT NULL,
    expires_at   timestamptz,
    current      text         NOT NULL,
    failed       text         NOT NULL,
    at           timestamptz  NOT NULL
);
CREATE INDEX cluster_status_registry ON cluster_status (registry_id);
CREATE TABLE index_status (
    registry_id  varchar(64)  PRIMARY KEY,
    state        varchar(20)  NOT NULL,
    repositories integer      NOT NULL,
    charts       integer      NOT NULL,
    skipped      integer      NOT NULL,
    message      text,
    at           timestamptz  NOT NULL
);

-- One row per chart version (tag) of a repository in a registry.
CREATE TABLE chart_versions (
    id            varchar(600) PRIMARY KEY,
    registry_id   varchar(64)  NOT NULL,
    repository    varchar(255) NOT NULL,
    tag           varchar(128) NOT NULL,
    name          varchar(255) NOT NULL,
    version       varchar(128) NOT NULL,
    digest        varchar(80)  NOT NULL,
    app_version   varchar(255),
    description   text,
    api_version   varchar(8),
    chart_type    varchar(16),
    deprecated    boolean      NOT NULL DEFAULT false,
    metadata      text         NOT NULL,
    created       varchar(40),
    size          bigint       NOT NULL,
    indexed_at    timestamptz  NOT NULL,
    UNIQUE (registry_id, repository, tag)
);
CREATE INDEX chart_versions_name ON chart_versions (name);

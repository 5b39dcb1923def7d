-- What the image metadata API serves: one row per (registry, repository, tag or digest).
CREATE TABLE image_metadata (
    id          varchar(600) PRIMARY KEY,
    registry_id varchar(64)  NOT NULL,
    repository  varchar(255) NOT NULL,
    reference   varchar(128) NOT NULL,
    digest      varchar(80)  NOT NULL,
    metadata    text         NOT NULL,
    fetched_at  timestamptz  NOT NULL
);

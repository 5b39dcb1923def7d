package io.portolan.indexer.images.jdbc;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The image_metadata table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ImageMetadataRepository extends CrudRepository<ImageMetadataRow, String> {}

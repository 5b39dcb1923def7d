/** Registries in PostgreSQL. */
package io.portolan.catalog.registry.jdbc;

/** Status in PostgreSQL. */
package io.portolan.catalog.status.jdbc;

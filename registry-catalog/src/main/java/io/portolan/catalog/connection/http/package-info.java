/** {@code POST /api/v1/registries/{id}/test-connection}. */
package io.portolan.catalog.connection.http;

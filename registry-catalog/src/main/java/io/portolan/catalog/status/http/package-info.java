/** {@code GET /api/v1/registries/{id}/status}. */
package io.portolan.catalog.status.http;

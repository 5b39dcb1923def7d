/** The registries REST API. */
package io.portolan.catalog.registry.http;

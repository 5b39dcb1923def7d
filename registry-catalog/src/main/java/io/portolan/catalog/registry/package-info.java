/**
 * Registries: the request model, its validation, and the service that stores them with their
 * events.
 */
package io.portolan.catalog.registry;

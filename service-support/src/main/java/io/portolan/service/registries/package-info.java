/** The latest snapshot of every registry, rebuilt from {@code registry.changes}. */
package io.portolan.service.registries;

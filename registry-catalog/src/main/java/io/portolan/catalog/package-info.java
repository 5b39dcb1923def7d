/** The registry catalog: the one place platform teams describe their registries. */
package io.portolan.catalog;

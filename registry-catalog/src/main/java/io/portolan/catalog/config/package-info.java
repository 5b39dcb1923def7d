/** The catalog's configuration. */
package io.portolan.catalog.config;

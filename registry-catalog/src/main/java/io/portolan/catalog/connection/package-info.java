/** The connection test: a real mint and {@code /v2/} login with a registry's stored credentials. */
package io.portolan.catalog.connection;

/** Maintenance actions on the catalog's keys. */
package io.portolan.catalog.crypto.http;

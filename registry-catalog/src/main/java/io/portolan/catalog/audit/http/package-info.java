/** The audit log REST API. */
package io.portolan.catalog.audit.http;

/** The API tokens REST API. */
package io.portolan.catalog.auth.http;

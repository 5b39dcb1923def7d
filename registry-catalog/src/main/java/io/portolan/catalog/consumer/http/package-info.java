/** The consumers REST API. */
package io.portolan.catalog.consumer.http;

/** Credential consumers: their announcements, and the catalog's decision to trust each key. */
package io.portolan.catalog.consumer;

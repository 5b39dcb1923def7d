/**
 * Image metadata for platform controllers: exposed ports, entrypoint, command, environment variable
 * names and labels, read from an image's config blob and cached.
 */
package io.portolan.indexer.images;

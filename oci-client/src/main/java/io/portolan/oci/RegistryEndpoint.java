package io.portolan.oci;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** One registry call: what to send, which answers count as success, and how to read them. */
interface RegistryEndpoint<T> {
  String method();

  /** The request URI, resolved against the registry's base ({@code https://host[:port]}). */
  URI target(URI base);

  default Map<String, String> headers() {
    return Map.of();
  }

  /** The request body, or null. */
  default BlobSource body() {
    return null;
  }

  /** Whether the status is an answer {@link #handle} reads (otherwise it is an error). */
  boolean accepts(int status);

  T handle(Response response) throws RegistryException, IOException;

  /** The action in words, for messages: {@code pull manifest 1.0 from charts/api}. */
  String action();

  /** The repository, or null for registry-wide calls. */
  String repository();

  Scope scope();
}

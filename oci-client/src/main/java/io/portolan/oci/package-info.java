/**
 * A client for the OCI distribution API. {@link io.portolan.oci.RegistryClient} is the thread-safe
 * facade; each registry call is one immutable class behind a package-private endpoint interface.
 */
package io.portolan.oci;

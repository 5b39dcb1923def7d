/** The helm-pusher: Helm packages into OCI registries, exactly as {@code helm push} writes them. */
package io.portolan.pusher;

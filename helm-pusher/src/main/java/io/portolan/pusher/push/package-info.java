/** Pushing an artifact to a catalog registry, and reporting it. */
package io.portolan.pusher.push;

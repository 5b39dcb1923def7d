/**
 * The cluster as the injector sees it ({@link io.portolan.injector.cluster.Cluster}), and its
 * implementation over the Kubernetes API with bounded retries.
 */
package io.portolan.injector.cluster;

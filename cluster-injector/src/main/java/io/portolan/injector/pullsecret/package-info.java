/**
 * Pull secrets, framework-free: what each namespace should hold, what the cluster holds, and the
 * fewest writes that make them equal. The cluster sits behind {@link
 * io.portolan.injector.cluster.Cluster}.
 */
package io.portolan.injector.pullsecret;

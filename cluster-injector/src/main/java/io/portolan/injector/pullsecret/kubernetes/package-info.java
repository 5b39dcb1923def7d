/** Pull secrets through the official Kubernetes Java client. */
package io.portolan.injector.pullsecret.kubernetes;

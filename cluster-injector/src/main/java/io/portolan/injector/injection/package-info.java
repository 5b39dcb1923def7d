/**
 * When to reconcile (events, new namespaces, periodic resync) and what to report on {@code status}.
 */
package io.portolan.injector.injection;

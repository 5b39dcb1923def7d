/**
 * The cluster injector: pull secrets in every namespace that should have them, and nowhere else.
 */
package io.portolan.injector;

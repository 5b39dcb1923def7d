/**
 * What is inside the contract's sealed boxes. These records hold secrets in clear: they exist only
 * between opening a box and using it, and their {@code toString()} never shows a secret.
 */
package io.portolan.events.sealed;

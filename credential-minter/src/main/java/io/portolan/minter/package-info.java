/** The credential minter: why deployed apps never hold root credentials. */
package io.portolan.minter;

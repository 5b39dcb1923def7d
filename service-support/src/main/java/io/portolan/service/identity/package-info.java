/** A credential consumer's own key pair, its announcement, and whether the catalog approved it. */
package io.portolan.service.identity;

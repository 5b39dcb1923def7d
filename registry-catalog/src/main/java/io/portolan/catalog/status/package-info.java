/** What the other services report on {@code status}, kept per registry and cluster. */
package io.portolan.catalog.status;

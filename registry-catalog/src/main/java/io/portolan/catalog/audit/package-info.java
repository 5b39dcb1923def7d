/** The audit log: who changed what, and when. Secret values are never recorded. */
package io.portolan.catalog.audit;

/** The credentials sealed for this consumer, opened and kept current from {@code credentials}. */
package io.portolan.service.credentials;

/** API tokens for services that do not keep the token table themselves. */
package io.portolan.service.auth;

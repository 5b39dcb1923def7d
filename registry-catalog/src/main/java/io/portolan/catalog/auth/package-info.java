/**
 * API tokens: stored hashed, roles admin, viewer and ci, checked without blocking the event loop.
 */
package io.portolan.catalog.auth;

/**
 * RFC 9457 problem+json errors for every HTTP API: a stable type, the field that was wrong, no
 * stack traces.
 */
package io.portolan.service.http;

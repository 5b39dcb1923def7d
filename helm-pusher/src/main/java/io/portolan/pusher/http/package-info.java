/** The upload API: {@code POST /api/v1/charts}. */
package io.portolan.pusher.http;

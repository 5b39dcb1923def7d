/** The pusher's configuration. */
package io.portolan.pusher.config;

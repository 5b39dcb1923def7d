/** The injector's configuration and its connection to the Kubernetes API. */
package io.portolan.injector.config;

/** Micronaut wiring that every Portolan service shares. */
package io.portolan.service;

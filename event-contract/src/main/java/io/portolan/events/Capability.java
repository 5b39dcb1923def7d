package io.portolan.events;

/** What a consumer does with a registry credential. */
public enum Capability {
  PULL,
  PUSH
}

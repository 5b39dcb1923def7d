package io.portolan.events;

/** Whether pulling from a registry needs credentials. */
public enum Visibility {
  PRIVATE,
  PUBLIC
}

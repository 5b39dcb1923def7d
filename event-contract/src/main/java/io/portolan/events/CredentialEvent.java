package io.portolan.events;

/**
 * Events on {@link Topic#CREDENTIALS}, keyed {@code <consumerId>/<registryId>}. The latest event
 * per key is what that consumer may use for that registry; a tombstone takes it away.
 */
public sealed interface CredentialEvent extends PortolanEvent
    permits CredentialIssued, CredentialRevoked {

  String consumerId();

  String registryId();

  @Override
  default String key() {
    return keyOf(consumerId(), registryId());
  }

  static String keyOf(String consumerId, String registryId) {
    return consumerId + "/" + registryId;
  }
}

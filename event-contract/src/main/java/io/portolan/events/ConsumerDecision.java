package io.portolan.events;

/** Events on {@link Topic#CONSUMERS_APPROVED}: the catalog's latest decision per consumer. */
public sealed interface ConsumerDecision extends PortolanEvent
    permits ConsumerApproved, ConsumerRevoked {

  String consumerId();

  @Override
  default String key() {
    return consumerId();
  }
}

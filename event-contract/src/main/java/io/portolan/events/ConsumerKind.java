package io.portolan.events;

/** What kind of service a credential consumer is; the prefix of its consumer id. */
public enum ConsumerKind {
  CLUSTER("cluster"),
  INDEXER("indexer"),
  PUSHER("pusher");

  private final String prefix;

  ConsumerKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** {@code <prefix>:<name>}, the consumer id of the named instance. */
  public String consumerId(String name) {
    return prefix + ":" + name;
  }

  /** The kind named by a consumer id's prefix. */
  public static ConsumerKind ofConsumerId(String consumerId) {
    int colon = consumerId.indexOf(':');
    String prefix = colon < 0 ? consumerId : consumerId.substring(0, colon);
    for (ConsumerKind kind : values()) {
      if (kind.prefix.equals(prefix)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "Consumer id [" + consumerId + "] must start with cluster:, indexer: or pusher:");
  }
}

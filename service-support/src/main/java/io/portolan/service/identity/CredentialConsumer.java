package io.portolan.service.identity;

import io.portolan.events.Capability;
import io.portolan.events.ConsumerKind;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.kafka.Consumers;
import io.portolan.service.registries.RegistryDirectory;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/**
 * What every credential consumer (injector, indexer, pusher) runs: its identity, the registries and
 * the credentials sealed to it, each rebuilt from its compacted topic. Register listeners on {@link
 * #registries()} and {@link #credentials()} before {@link #start}.
 *
 * <p>Thread-safe.
 */
public final class CredentialConsumer {
  private final ConsumerIdentity identity;
  private final RegistryDirectory registries = new RegistryDirectory();
  private final CredentialStore credentials;

  public CredentialConsumer(
      ConsumerKind kind, String name, Set<Capability> capabilities, KeysetStore keys)
      throws IOException, SealingException {
    this.identity = new ConsumerIdentity(kind, name, capabilities, keys, Clock.systemUTC());
    this.credentials = new CredentialStore(identity.consumerId(), identity.opener());
  }

  public ConsumerIdentity identity() {
    return identity;
  }

  public RegistryDirectory registries() {
    return registries;
  }

  public CredentialStore credentials() {
    return credentials;
  }

  /**
   * Reads {@code consumers.approved}, {@code registry.changes} and {@code credentials} from the
   * beginning, then announces this consumer's key (with a proof of the join token, when given).
   */
  public void start(
      Consumers consumers, EventPublisher publisher, Secret joinToken, String joinTokenId) {
    String prefix = identity.consumerId().replace(':', '-');
    consumers.table(prefix + "-decisions", identity::onDecision, Topic.CONSUMERS_APPROVED);
    consumers.table(prefix + "-registries", registries::apply, Topic.REGISTRY_CHANGES);
    consumers.table(prefix + "-credentials", credentials::apply, Topic.CREDENTIALS);
    identity.announce(publisher, joinToken, joinTokenId);
  }
}

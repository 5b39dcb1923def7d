package io.portolan.service.registries;

import io.portolan.events.Envelope;
import io.portolan.events.RegistryChanged;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest {@link RegistryChanged} per registry, fed from {@code registry.changes}. An event with
 * a revision not newer than the one held changes nothing, so replays and duplicates are harmless.
 * Deleted registries are kept (with {@code deleted} set) so that late credentials for them can be
 * recognised.
 *
 * <p>Thread-safe.
 */
public final class RegistryDirectory {
  private final Map<String, RegistryChanged> byId = new ConcurrentHashMap<>();
  private final List<Consumer<RegistryChanged>> listeners = new CopyOnWriteArrayList<>();

  /** Called with each change that was applied (not with ignored duplicates). */
  public void onChange(Consumer<RegistryChanged> listener) {
    listeners.add(listener);
  }

  /** Applies an event from {@code registry.changes}; other events are ignored. */
  public boolean apply(Envelope<?> envelope) {
    if (envelope.event() instanceof RegistryChanged change) {
      return apply(change);
    }
    return false;
  }

  /** Applies a change when it is newer than what is held; returns whether it was. */
  public boolean apply(RegistryChanged change) {
    boolean[] applied = {false};
    byId.compute(
        change.registryId(),
        (id, current) -> {
          if (current != null && current.revision() >= change.revision()) {
            return current;
          }
          applied[0] = true;
          return change;
        });
    if (applied[0]) {
      listeners.forEach(l -> l.accept(change));
    }
    return applied[0];
  }

  /** The registry, unless unknown or deleted. */
  public Optional<RegistryChanged> get(String registryId) {
    return Optional.ofNullable(byId.get(registryId)).filter(r -> !r.deleted());
  }

  /** Looks a registry up by id or by name (CI events may use either). */
  public Optional<RegistryChanged> find(String idOrName) {
    Optional<RegistryChanged> byIdMatch = get(idOrName);
    if (byIdMatch.isPresent()) {
      return byIdMatch;
    }
    return byId.values().stream()
        .filter(r -> !r.deleted() && r.registry().name().equals(idOrName))
        .findFirst();
  }

  /** Every registry that is not deleted. */
  public List<RegistryChanged> live() {
    return byId.values().stream().filter(r -> !r.deleted()).toList();
  }

  /** Every registry, deleted ones included. */
  public Collection<RegistryChanged> all() {
    return List.copyOf(byId.values());
  }
}

package io.portolan.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the contract. CloudEvents types are reverse-DNS under {@code io.portolan}.
 */
public final class EventTypes {
  public static final EventType<RegistryChanged> REGISTRY_CHANGED =
      type("io.portolan.registry.changed", Topic.REGISTRY_CHANGES, RegistryChanged.class, 1);
  public static final EventType<ConsumerAnnounced> CONSUMER_ANNOUNCED =
      type("io.portolan.consumer.announced", Topic.CONSUMERS_ANNOUNCED, ConsumerAnnounced.class, 1);
  public static final EventType<ConsumerApproved> CONSUMER_APPROVED =
      type("io.portolan.consumer.approved", Topic.CONSUMERS_APPROVED, ConsumerApproved.class, 1);
  public static final EventType<ConsumerRevoked> CONSUMER_REVOKED =
      type("io.portolan.consumer.revoked", Topic.CONSUMERS_APPROVED, ConsumerRevoked.class, 1);
  public static final EventType<CredentialIssued> CREDENTIAL_ISSUED =
      type("io.portolan.credential.issued", Topic.CREDENTIALS, CredentialIssued.class, 1);
  public static final EventType<CredentialRevoked> CREDENTIAL_REVOKED =
      new EventType<>(
          "io.portolan.credential.revoked",
          Topic.CREDENTIALS,
          CredentialRevoked.class,
          1,
          CredentialRevoked::fromKey);
  public static final EventType<CredentialMinted> CREDENTIAL_MINTED =
      type("io.portolan.credential.minted", Topic.CREDENTIALS, CredentialMinted.class, 1);
  public static final EventType<MintStatus> MINT_STATUS =
      type("io.portolan.status.mint", Topic.STATUS, MintStatus.class, 1);
  public static final EventType<InjectionStatus> INJECTION_STATUS =
      type("io.portolan.status.injection", Topic.STATUS, InjectionStatus.class, 1);
  public static final EventType<IndexStatus> INDEX_STATUS =
      type("io.portolan.status.index", Topic.STATUS, IndexStatus.class, 1);
  public static final EventType<PushStatus> PUSH_STATUS =
      type("io.portolan.status.push", Topic.STATUS, PushStatus.class, 1);
  public static final EventType<ImagePushed> IMAGE_PUSHED =
      type("io.portolan.image.pushed", Topic.BUILD_EVENTS, ImagePushed.class, 1);
  public static final EventType<ChartPushRequested> CHART_PUSH_REQUESTED =
      type("io.portolan.chart.push.requested", Topic.BUILD_EVENTS, ChartPushRequested.class, 1);
  public static final EventType<ChartPushed> CHART_PUSHED =
      type("io.portolan.chart.pushed", Topic.CHART_CHANGES, ChartPushed.class, 1);
  public static final EventType<ChartIndexed> CHART_INDEXED =
      type("io.portolan.chart.indexed", Topic.CHART_CHANGES, ChartIndexed.class, 1);
  public static final EventType<ChartRemoved> CHART_REMOVED =
      type("io.portolan.chart.removed", Topic.CHART_CHANGES, ChartRemoved.class, 1);

  public static final List<EventType<?>> ALL =
      List.of(
          REGISTRY_CHANGED,
          CONSUMER_ANNOUNCED,
          CONSUMER_APPROVED,
          CONSUMER_REVOKED,
          CREDENTIAL_ISSUED,
          CREDENTIAL_REVOKED,
          CREDENTIAL_MINTED,
          MINT_STATUS,
          INJECTION_STATUS,
          INDEX_STATUS,
          PUSH_STATUS,
          IMAGE_PUSHED,
          CHART_PUSH_REQUESTED,
          CHART_PUSHED,
          CHART_INDEXED,
          CHART_REMOVED);

  private static final Map<String, EventType<?>> BY_TYPE =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
  private static final Map<Class<?>, EventType<?>> BY_CLASS =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

  private EventTypes() {}

  public static Optional<EventType<?>> byType(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  /** The type of an event record; every record of the contract has one. */
  @SuppressWarnings("unchecked")
  public static <E extends PortolanEvent> EventType<E> of(E event) {
    EventType<?> type = BY_CLASS.get(event.getClass());
    if (type == null) {
      throw new IllegalArgumentException("No event type for " + event.getClass().getName());
    }
    return (EventType<E>) type;
  }

  private static <E extends PortolanEvent> EventType<E> type(
      String type, Topic topic, Class<E> dataClass, int schemaVersion) {
    return new EventType<>(type, topic, dataClass, schemaVersion, null);
  }
}

package io.portolan.catalog.consumer.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.portolan.catalog.consumer.ConsumerService;
import io.portolan.events.ConsumerAnnounced;
import io.portolan.events.Topic;
import io.portolan.service.kafka.Consumers;
import jakarta.annotation.PostConstruct;

/** Records every announcement on {@code consumers.announced}; one catalog instance handles each. */
@Context
@Requires(property = "portolan.catalog.background", notEquals = "false")
public class AnnouncementListener {
  private final Consumers consumers;
  private final ConsumerService service;

  public AnnouncementListener(Consumers consumers, ConsumerService service) {
    this.consumers = consumers;
    this.service = service;
  }

  @PostConstruct
  void start() {
    consumers.group(
        "registry-catalog-announcements",
        envelope -> {
          if (envelope.event() instanceof ConsumerAnnounced announced) {
            service.recordAnnouncement(announced);
          }
        },
        null,
        Topic.CONSUMERS_ANNOUNCED);
  }
}

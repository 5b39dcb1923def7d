package io.portolan.catalog.status.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.portolan.catalog.status.StatusService;
import io.portolan.events.StatusEvent;
import io.portolan.events.Topic;
import io.portolan.service.kafka.Consumers;

/** Keeps the latest reports from {@code status}; one catalog instance handles each. */
@Context
@Requires(property = "portolan.catalog.background", notEquals = "false")
public class StatusListener {
  public StatusListener(Consumers consumers, StatusService status) {
    consumers.group(
        "registry-catalog-status",
        envelope -> {
          if (envelope.event() instanceof StatusEvent event) {
            status.apply(event);
          }
        },
        null,
        Topic.STATUS);
  }
}

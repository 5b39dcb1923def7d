package io.portolan.pusher.push;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.service.auth.StaticTokenValidator;
import io.portolan.testkit.TestKit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pusher as a test runs it: on a free port, on the test's Kafka, with a CI token. */
final class PusherTestApp {
  private PusherTestApp() {}

  static ApplicationContext start(
      Class<?> test, Path keyset, String ciToken, Map<String, Object> extra) {
    KafkaSettings kafka = TestKit.kafkaFor(test);
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", "-1");
    p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("portolan.kafka.topic-prefix", kafka.topicPrefix());
    p.put("portolan.pusher.keyset-file", keyset.toString());
    p.put("portolan.allow-loopback-registries", "true");
    p.put("portolan.api.tokens", List.of("ci=" + StaticTokenValidator.sha256(ciToken)));
    p.putAll(extra);
    return ApplicationContext.run(EmbeddedServer.class, p).getApplicationContext();
  }

  /** The upload endpoint of a started pusher. */
  static String chartsApi(ApplicationContext context) {
    return context.getBean(EmbeddedServer.class).getURL() + "/api/v1/charts";
  }
}

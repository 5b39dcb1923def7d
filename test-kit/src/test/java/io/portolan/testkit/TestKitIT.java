package io.portolan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portolan.events.Topic;
import io.portolan.events.kafka.KafkaSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class TestKitIT {

  @Test
  void givesEachTestClassItsOwnTopics() throws Exception {
    KafkaSettings one = TestKit.kafkaFor(TestKitIT.class);
    KafkaSettings two = TestKit.kafkaFor(TestKitIT.class);

    assertThat(one.topicPrefix()).isNotEqualTo(two.topicPrefix());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", one.bootstrapServers()))) {
      var names = admin.listTopics().names().get();
      for (Topic topic : Topic.values()) {
        assertThat(names)
            .contains(topic.fullName(one.topicPrefix()), topic.fullName(two.topicPrefix()));
      }
    }
  }

  @Test
  void givesEachTestClassAnEmptySchemaOfItsOwn() throws Exception {
    PostgresSchema one = TestKit.postgresSchemaFor(TestKitIT.class);
    PostgresSchema two = TestKit.postgresSchemaFor(TestKitIT.class);
    try (Connection c = one.connect()) {
      c.createStatement().execute("CREATE TABLE only_in_one (id int)");
    }
    try (Connection c = two.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                        + two.schema()
                        + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void writesNothingOutsideTarget() {
    assertThat(TestKit.root().toString()).contains("/target/");
    assertThat(System.getProperty("java.io.tmpdir")).contains("/target/");
  }
}

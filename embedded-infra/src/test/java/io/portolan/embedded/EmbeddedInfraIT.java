package io.portolan.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedInfraIT {
  private final Path base =
      Path.of("target", "embedded-infra-it", Long.toString(System.nanoTime()));

  @Test
  void kafkaKeepsTopicsAndRecordsAcrossARestart() throws Exception {
    Path logDir = base.resolve("kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0, Map.of())) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        producer.send(new ProducerRecord<>("kept", "k", "v1")).get();
      }
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0, Map.of())) {
      Properties p = new Properties();
      p.put("bootstrap.servers", kafka.bootstrapServers());
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
        TopicPartition tp = new TopicPartition("kept", 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(10));
        assertThat(records.records(tp)).extracting(r -> r.value()).containsExactly("v1");
      }
    }
  }

  @Test
  void postgresKeepsDataAcrossARestart() throws Exception {
    Path data = base.resolve("pg-data");
    Path work = base.resolve("pg-work");
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, work, 0)) {
      pg.ensureDatabase("portolan_test");
      try (Connection c =
              java.sql.DriverManager.getConnection(pg.jdbcUrl("portolan_test"), "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE kept (v text)");
        st.execute("INSERT INTO kept VALUES ('survives')");
      }
    }
    assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, work, 0)) {
      pg.ensureDatabase("portolan_test");
      try (Connection c =
              java.sql.DriverManager.getConnection(pg.jdbcUrl("portolan_test"), "postgres", "");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("survives");
      }
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("acks", "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }
}

package io.portolan.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private final EventCodec codec =
      new EventCodec("portolan.", "/portolan/test", Clock.fixed(NOW, ZoneOffset.UTC));

  private final ChartPushed chartPushed =
      new ChartPushed("req-1", "reg-1", "charts/signtest", "0.1.0", "0.1.0", "sha256:ab", NOW);

  @Test
  void writesCloudEventsBinaryModeHeadersAndJsonData() {
    ProducerRecord<String, byte[]> record = codec.encode(chartPushed);

    assertThat(record.topic()).isEqualTo("portolan.chart.changes");
    assertThat(record.key()).isEqualTo("reg-1/charts/signtest");
    assertThat(header(record.headers(), CeHeaders.SPEC_VERSION)).isEqualTo("1.0");
    assertThat(header(record.headers(), CeHeaders.TYPE)).isEqualTo("io.portolan.chart.pushed");
    assertThat(header(record.headers(), CeHeaders.SOURCE)).isEqualTo("/portolan/test");
    assertThat(header(record.headers(), CeHeaders.SUBJECT)).isEqualTo("reg-1/charts/signtest");
    assertThat(header(record.headers(), CeHeaders.TIME)).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(header(record.headers(), CeHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    assertThat(header(record.headers(), CeHeaders.ID)).isNotBlank();
    assertThat(new String(record.value(), StandardCharsets.UTF_8))
        .contains("\"schemaVersion\":1")
        .contains("\"repository\":\"charts/signtest\"")
        .doesNotContain("\"key\"");
  }

  @Test
  void readsBackWhatItWrote() {
    ProducerRecord<String, byte[]> sent = codec.encode(chartPushed, "id-7", NOW);

    Decoded decoded = codec.decode(received(sent));

    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    Envelope<?> envelope = ((Decoded.Ok) decoded).envelope();
    assertThat(envelope.event()).isEqualTo(chartPushed);
    assertThat(envelope.id()).isEqualTo("id-7");
    assertThat(envelope.time()).isEqualTo(NOW);
    assertThat(envelope.topic()).isEqualTo(Topic.CHART_CHANGES);
  }

  @Test
  void writesRevocationsAsTombstonesThatStillCarryTheirType() {
    ProducerRecord<String, byte[]> sent =
        codec.encode(new CredentialRevoked("cluster:prod", "reg-1"));

    assertThat(sent.value()).isNull();
    assertThat(sent.key()).isEqualTo("cluster:prod/reg-1");
    assertThat(header(sent.headers(), CeHeaders.TYPE)).isEqualTo("io.portolan.credential.revoked");
    Decoded decoded = codec.decode(received(sent));
    assertThat(((Decoded.Ok) decoded).envelope().event())
        .isEqualTo(new CredentialRevoked("cluster:prod", "reg-1"));
  }

  @Test
  void treatsAPlainTombstoneOnCredentialsAsARevocation() {
    ConsumerRecord<String, byte[]> tombstone =
        record("portolan.credentials", "indexer:main/reg-9", null, new RecordHeaders());

    Decoded decoded = codec.decode(tombstone);

    assertThat(((Decoded.Ok) decoded).envelope().event())
        .isEqualTo(new CredentialRevoked("indexer:main", "reg-9"));
  }

  @Test
  void reportsUnknownTypesAsUnsupported() {
    RecordHeaders headers = ceHeaders("io.example.something.new");
    Decoded decoded = codec.decode(record("portolan.build.events", "k", bytes("{}"), headers));

    assertThat(decoded).isInstanceOf(Decoded.Unsupported.class);
    assertThat(((Decoded.Unsupported) decoded).type()).isEqualTo("io.example.something.new");
  }

  @Test
  void reportsANewerMajorSchemaVersionAsUnsupported() {
    RecordHeaders headers = ceHeaders("io.portolan.image.pushed");
    byte[] data = bytes("{\"schemaVersion\":2,\"registry\":\"r\",\"repository\":\"a\"}");

    Decoded decoded = codec.decode(record("portolan.build.events", "k", data, headers));

    assertThat(decoded).isInstanceOf(Decoded.Unsupported.class);
    assertThat(((Decoded.Unsupported) decoded).reason()).contains("schemaVersion 2");
  }

  @Test
  void reportsBadInputAsMalformedWithTheReason() {
    List<ConsumerRecord<String, byte[]>> bad =
        List.of(
            record("portolan.build.events", "k", bytes("not json"), ceHeaders(IMAGE)),
            record("portolan.build.events", "k", bytes("{\"schemaVersion\":1}"), ceHeaders(IMAGE)),
            record(
                "portolan.build.events",
                "k",
                bytes("{\"registry\":\"r\",\"repository\":\"a\"}"),
                ceHeaders(IMAGE)),
            record("portolan.build.events", "k", bytes("{}"), new RecordHeaders()),
            record("portolan.build.events", "k", null, ceHeaders(IMAGE)),
            record("portolan.status", "k", bytes("{\"schemaVersion\":1}"), ceHeaders(IMAGE)),
            record("portolan.credentials", "no-slash", null, new RecordHeaders()),
            record("other.topic", "k", bytes("{}"), ceHeaders(IMAGE)));

    for (ConsumerRecord<String, byte[]> record : bad) {
      Decoded decoded = codec.decode(record);
      assertThat(decoded)
          .as(
              "record on %s with value %s",
              record.topic(),
              record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8))
          .isInstanceOf(Decoded.Malformed.class);
      assertThat(((Decoded.Malformed) decoded).reason()).isNotBlank();
    }
  }

  @Test
  void secretsInsideSealedPayloadsNeverShowInToString() {
    var root = io.portolan.events.sealed.RootCredentials.usernamePassword("robot", "hunter2");
    var pull =
        new io.portolan.events.sealed.PullCredential(
            "reg-1", "example.com", "robot", "hunter2", NOW, null);

    assertThat(root.toString()).doesNotContain("hunter2").contains("robot");
    assertThat(pull.toString()).doesNotContain("hunter2").contains("robot");
  }

  private static final String IMAGE = "io.portolan.image.pushed";

  private static RecordHeaders ceHeaders(String type) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CeHeaders.SPEC_VERSION, bytes("1.0"));
    headers.add(CeHeaders.ID, bytes("id-1"));
    headers.add(CeHeaders.SOURCE, bytes("/test"));
    headers.add(CeHeaders.TYPE, bytes(type));
    headers.add(CeHeaders.CONTENT_TYPE, bytes("application/json"));
    return headers;
  }

  private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
    return record(sent.topic(), sent.key(), sent.value(), (RecordHeaders) sent.headers());
  }

  private static ConsumerRecord<String, byte[]> record(
      String topic, String key, byte[] value, Headers headers) {
    return new ConsumerRecord<>(
        topic,
        0,
        1L,
        NOW.toEpochMilli(),
        TimestampType.CREATE_TIME,
        0,
        0,
        key,
        value,
        headers,
        Optional.empty());
  }

  private static String header(Headers headers, String name) {
    return headers.lastHeader(name) == null
        ? null
        : new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

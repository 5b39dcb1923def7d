package io.portolan.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event type has a golden data file under {@code golden/v<schemaVersion>/}; this version of
 * the code must keep reading every one of them, and must write what it reads back unchanged.
 */
class GoldenEventsTest {

  static Stream<EventType<?>> typesWithData() {
    return EventTypes.ALL.stream().filter(t -> !t.tombstone());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typesWithData")
  void readsItsGoldenFileAndWritesItBackUnchanged(EventType<?> type) throws IOException {
    byte[] golden = golden(type);

    PortolanEvent event = EventCodec.fromJson(type, golden);

    assertThat(event).isInstanceOf(type.dataClass());
    assertThat(event.schemaVersion()).isEqualTo(type.schemaVersion());
    JsonNode written = EventJson.mapper().readTree(EventCodec.toJson(event));
    assertThat(written).isEqualTo(EventJson.mapper().readTree(golden));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typesWithData")
  void ignoresFieldsAddedByALaterMinorChange(EventType<?> type) throws IOException {
    ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(golden(type));
    addUnknownFieldsEverywhere(tree);

    PortolanEvent withExtras =
        EventCodec.fromJson(type, EventJson.mapper().writeValueAsBytes(tree));

    assertThat(withExtras).isEqualTo(EventCodec.fromJson(type, golden(type)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typesWithData")
  void decodesTheGoldenFileAsACloudEventOnItsTopic(EventType<?> type) throws IOException {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CeHeaders.SPEC_VERSION, bytes("1.0"));
    headers.add(CeHeaders.ID, bytes("golden-1"));
    headers.add(CeHeaders.SOURCE, bytes("/ci/pipeline"));
    headers.add(CeHeaders.TYPE, bytes(type.type()));
    headers.add(CeHeaders.CONTENT_TYPE, bytes("application/json"));
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(
            type.topic().fullName("portolan."),
            0,
            7L,
            1_700_000_000_000L,
            TimestampType.CREATE_TIME,
            0,
            0,
            "some-key",
            golden(type),
            headers,
            java.util.Optional.empty());

    Decoded decoded = new EventCodec("portolan.", "/test").decode(record);

    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    assertThat(((Decoded.Ok) decoded).envelope().event()).isInstanceOf(type.dataClass());
    assertThat(((Decoded.Ok) decoded).envelope().source()).isEqualTo("/ci/pipeline");
  }

  private static void addUnknownFieldsEverywhere(JsonNode node) {
    if (node instanceof ObjectNode object) {
      java.util.List<String> names = new java.util.ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      names.forEach(name -> addUnknownFieldsEverywhere(object.get(name)));
      object.putObject("addedInALaterMinorVersion").put("anything", 1);
    } else if (node.isArray()) {
      node.forEach(GoldenEventsTest::addUnknownFieldsEverywhere);
    }
  }

  static byte[] golden(EventType<?> type) throws IOException {
    String path = "/golden/v" + type.schemaVersion() + "/" + type.type() + ".json";
    try (InputStream in = GoldenEventsTest.class.getResourceAsStream(path)) {
      assertThat(in).as("golden file " + path).isNotNull();
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

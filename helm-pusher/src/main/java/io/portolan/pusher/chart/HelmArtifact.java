package io.portolan.pusher.chart;

import io.portolan.oci.Descriptor;
import io.portolan.oci.Digest;
import io.portolan.oci.MediaTypes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI artifact {@code helm push} writes for a chart ({@code pkg/registry/client.go} {@code
 * Push}): the config is {@code json.Marshal(chart.Metadata)}, the layers are the archive and the
 * optional provenance file sorted by digest, and the manifest carries the {@code
 * org.opencontainers.image.*} annotations Helm 3.15+ writes plus the chart's own annotations. Built
 * byte for byte, so the manifest digest equals Helm's for the same archive and time.
 */
public record HelmArtifact(
    String name,
    String version,
    String tag,
    byte[] config,
    Descriptor configDescriptor,
    List<Layer> layers,
    byte[] manifest,
    Digest manifestDigest) {

  /** A layer with its content. */
  public record Layer(Descriptor descriptor, byte[] content) {}

  /** Go's {@code time.RFC3339} for a UTC time: no fraction, {@code Z}. */
  private static final DateTimeFormatter RFC3339_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private static final List<String> IMMUTABLE_ANNOTATIONS =
      List.of("org.opencontainers.image.version", "org.opencontainers.image.title");

  /**
   * Builds the artifact.
   *
   * @param provenance the {@code .prov} file, or null
   * @param created the {@code org.opencontainers.image.created} time (Helm uses the archive's
   *     modification time), written in RFC 3339 at second precision
   */
  public static HelmArtifact of(ChartArchive chart, byte[] provenance, Instant created) {
    ChartMetadata m = chart.metadata();
    byte[] config = config(m);
    Descriptor configDescriptor =
        new Descriptor(MediaTypes.HELM_CONFIG, Digest.sha256(config), config.length);
    List<Layer> layers = new ArrayList<>();
    layers.add(
        new Layer(
            new Descriptor(
                MediaTypes.HELM_CHART, Digest.sha256(chart.bytes()), chart.bytes().length),
            chart.bytes()));
    if (provenance != null) {
      layers.add(
          new Layer(
              new Descriptor(
                  MediaTypes.HELM_PROVENANCE, Digest.sha256(provenance), provenance.length),
              provenance));
    }
    // sorted by digest string, as Helm does "for determinism"
    layers.sort(Comparator.comparing(l -> l.descriptor().digest().toString()));
    Map<String, String> annotations = annotations(m, created);
    GoJson manifest = new GoJson().beginObject().number("schemaVersion", 2);
    descriptor(manifest.field("config"), configDescriptor);
    manifest.field("layers").beginArray();
    for (Layer layer : layers) {
      descriptor(manifest.element(), layer.descriptor());
    }
    manifest.endArray().mapOmitEmpty("annotations", annotations).endObject();
    byte[] manifestBytes = manifest.bytes();
    return new HelmArtifact(
        m.name(),
        m.version(),
        tagOf(m.version()),
        config,
        configDescriptor,
        List.copyOf(layers),
        manifestBytes,
        Digest.sha256(manifestBytes));
  }

  /** Helm writes {@code +} as {@code _} in tags ({@code +} is not allowed in an OCI tag). */
  public static String tagOf(String version) {
    return version.replace('+', '_');
  }

  /** {@code json.Marshal(chart.Metadata)}. */
  static byte[] config(ChartMetadata m) {
    GoJson json =
        new GoJson()
            .beginObject()
            .stringOmitEmpty("name", m.name())
            .stringOmitEmpty("home", m.home())
            .stringsOmitEmpty("sources", m.sources())
            .stringOmitEmpty("version", m.version())
            .stringOmitEmpty("description", m.description())
            .stringsOmitEmpty("keywords", m.keywords());
    if (!m.maintainers().isEmpty()) {
      json.field("maintainers").beginArray();
      for (ChartMetadata.Maintainer maintainer : m.maintainers()) {
        json.element()
            .beginObject()
            .stringOmitEmpty("name", maintainer.name())
            .stringOmitEmpty("email", maintainer.email())
            .stringOmitEmpty("url", maintainer.url())
            .endObject();
      }
      json.endArray();
    }
    json.stringOmitEmpty("icon", m.icon())
        .stringOmitEmpty("apiVersion", m.apiVersion())
        .stringOmitEmpty("condition", m.condition())
        .stringOmitEmpty("tags", m.tags())
        .stringOmitEmpty("appVersion", m.appVersion())
        .boolOmitEmpty("deprecated", m.deprecated())
        .mapOmitEmpty("annotations", m.annotations())
        .stringOmitEmpty("kubeVersion", m.kubeVersion());
    if (!m.dependencies().isEmpty()) {
      json.field("dependencies").beginArray();
      for (ChartMetadata.Dependency d : m.dependencies()) {
        json.element()
            .beginObject()
            .stringAlways("name", d.name())
            .stringOmitEmpty("version", d.version())
            .stringAlways("repository", d.repository())
            .stringOmitEmpty("condition", d.condition())
            .stringsOmitEmpty("tags", d.tags())
            .boolOmitEmpty("enabled", d.enabled());
        if (!d.importValues().isEmpty()) {
          json.field("import-values").value(d.importValues());
        }
        if (!d.exportValues().isEmpty()) {
          json.field("export-values").value(d.exportValues());
        }
        json.stringOmitEmpty("alias", d.alias()).endObject();
      }
      json.endArray();
    }
    return json.stringOmitEmpty("type", m.type()).endObject().bytes();
  }

  /** {@code generateOCIAnnotations}: Helm's standard annotations, then the chart's own. */
  static Map<String, String> annotations(ChartMetadata m, Instant created) {
    Map<String, String> annotations = new TreeMap<>();
    put(annotations, "org.opencontainers.image.description", m.description());
    put(annotations, "org.opencontainers.image.title", m.name());
    put(annotations, "org.opencontainers.image.version", m.version());
    put(annotations, "org.opencontainers.image.url", m.home());
    put(
        annotations,
        "org.opencontainers.image.created",
        RFC3339_UTC.format(created.truncatedTo(ChronoUnit.SECONDS)));
    if (!m.sources().isEmpty()) {
      put(annotations, "org.opencontainers.image.source", m.sources().get(0));
    }
    if (!m.maintainers().isEmpty()) {
      StringBuilder authors = new StringBuilder();
      for (int i = 0; i < m.maintainers().size(); i++) {
        ChartMetadata.Maintainer maintainer = m.maintainers().get(i);
        authors.append(maintainer.name());
        if (!maintainer.email().isEmpty()) {
          authors.append(" (").append(maintainer.email()).append(')');
        }
        if (i < m.maintainers().size() - 1) {
          authors.append(", ");
        }
      }
      put(annotations, "org.opencontainers.image.authors", authors.toString());
    }
    m.annotations()
        .forEach(
            (key, value) -> {
              if (!IMMUTABLE_ANNOTATIONS.contains(key)) {
                annotations.put(key, value);
              }
            });
    return annotations;
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null && !value.strip().isEmpty()) {
      map.put(key, value);
    }
  }

  private static void descriptor(GoJson json, Descriptor d) {
    json.beginObject()
        .stringOmitEmpty("mediaType", d.mediaType())
        .stringOmitEmpty("digest", d.digest().toString())
        .number("size", d.size())
        .endObject();
  }
}

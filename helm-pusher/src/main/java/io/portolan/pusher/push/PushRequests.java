package io.portolan.pusher.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.events.ChartPushRequested;
import io.portolan.events.EventJson;
import io.portolan.events.PushStatus;
import io.portolan.events.RegistryChanged;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.oci.AddressPolicy;
import io.portolan.oci.Digest;
import io.portolan.oci.ManifestResponse;
import io.portolan.oci.MediaTypes;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryException;
import io.portolan.pusher.chart.ChartLimits;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.registries.RegistryClients;
import io.portolan.service.registries.RegistryDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chart.push.requested} from CI: fetches the package from an HTTP(S) URL or copies it from
 * an {@code oci://} reference in another registry (keeping its {@code created} time, so a chart
 * pushed by helm is relocated with the same manifest digest), then pushes it to every target. Each
 * target's outcome goes to {@code status} (and {@code chart.pushed} on success); one failing target
 * never stops the others.
 *
 * <p>Thread-safe (the push service is).
 */
public final class PushRequests {
  private static final Logger LOG = LoggerFactory.getLogger(PushRequests.class);

  private final PushService pushes;
  private final RegistryDirectory registries;
  private final RegistryClients clients;
  private final CredentialStore credentials;
  private final EventPublisher publisher;
  private final ChartLimits limits;
  private final AddressPolicy addresses;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public PushRequests(
      PushService pushes,
      RegistryDirectory registries,
      RegistryClients clients,
      CredentialStore credentials,
      EventPublisher publisher,
      ChartLimits limits,
      Clock clock) {
    this.pushes = pushes;
    this.registries = registries;
    this.clients = clients;
    this.credentials = credentials;
    this.publisher = publisher;
    this.limits = limits;
    this.addresses = AddressPolicy.publicRegistries(clients.allowLoopback());
    this.clock = clock;
  }

  /** A package and what came with it. */
  /** A package and what came with it; {@code from} is {@code host/repository} of an oci:// copy. */
  record Package(byte[] chart, byte[] provenance, Instant created, String from) {}

  /** Handles one request. */
  public void handle(ChartPushRequested request) {
    Package pkg;
    try {
      pkg = fetch(request);
    } catch (IOException | RegistryException | RuntimeException e) {
      LOG.warn(
          "Could not fetch [{}] for request [{}]: {}",
          request.source(),
          request.requestId(),
          e.getMessage());
      for (ChartPushRequested.Target t : request.targets()) {
        failed(request, t, "could not fetch " + request.source() + ": " + e.getMessage());
      }
      return;
    }
    if (request.targets().isEmpty()) {
      LOG.warn("chart.push.requested [{}] names no target", request.requestId());
    }
    for (ChartPushRequested.Target t : request.targets()) {
      try {
        pushes.push(
            pkg.chart(),
            pkg.provenance(),
            t.registry(),
            t.namespace(),
            request.created() != null ? request.created() : pkg.created(),
            request.requestId(),
            pkg.from()); // a copy inside one registry mounts instead of uploading
      } catch (PushFailed e) {
        if (!e.kind().equals("registry")) { // the push service reported registry failures
          failed(request, t, e.getMessage());
        }
      }
    }
  }

  private void failed(ChartPushRequested request, ChartPushRequested.Target t, String message) {
    String registryId =
        registries.find(t.registry()).map(RegistryChanged::registryId).orElse(t.registry());
    publisher.publish(
        new PushStatus(
            request.requestId(),
            registryId,
            t.namespace(),
            null,
            null,
            PushStatus.State.FAILED,
            message,
            clock.instant()));
  }

  Package fetch(ChartPushRequested request) throws IOException, RegistryException {
    String source = request.source().trim();
    if (source.startsWith("oci://")) {
      return copy(source.substring("oci://".length()));
    }
    if (source.startsWith("https://") || source.startsWith("http://")) {
      byte[] chart = download(source);
      byte[] prov =
          request.provenanceSource() == null || request.provenanceSource().isBlank()
              ? null
              : download(request.provenanceSource());
      return new Package(chart, prov, null, null);
    }
    throw new IOException(
        "the source must be an https:// (or http://) URL of a .tgz or an oci:// reference");
  }

  /** GET with timeouts, a size bound, and the address checks registries get. */
  private byte[] download(String url) throws IOException {
    URI uri = URI.create(url);
    for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
      String refusal = addresses.refusal(uri.getHost(), address);
      if (refusal != null) {
        throw new IOException(refusal);
      }
    }
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(url + " answered HTTP " + response.statusCode());
      }
      byte[] bytes =
          in.readNBytes((int) Math.min(limits.maxCompressedBytes() + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > limits.maxCompressedBytes()) {
        throw new IOException(
            url
                + " is larger than "
                + limits.maxCompressedBytes()
                + " bytes (max-compressed-bytes)");
      }
      return bytes;
    }
  }

  /** Reads a Helm chart artifact from another registry: its chart layer, provenance and created. */
  private Package copy(String reference) throws IOException, RegistryException {
    int slash = reference.indexOf('/');
    int at = reference.lastIndexOf('@');
    int colon = reference.lastIndexOf(':');
    if (slash < 0 || (at < 0 && colon < slash)) {
      throw new IOException(
          "oci://" + reference + " names no version: use oci://host/repository/name:version");
    }
    String host = reference.substring(0, slash);
    String repository = reference.substring(slash + 1, at > 0 ? at : colon);
    String ref = reference.substring((at > 0 ? at : colon) + 1);
    // several catalog entries may name one registry: prefer one this pusher holds a login for
    RegistryChanged known =
        registries.live().stream()
            .filter(r -> r.registry().host().equalsIgnoreCase(host))
            .min(
                java.util.Comparator.comparing(
                    (RegistryChanged r) -> credentials.get(r.registryId()).isEmpty()))
            .orElse(null);
    RegistryClient client;
    if (known != null) {
      client =
          clients.client(
              known.registry(),
              credentials
                  .get(known.registryId())
                  .map(CredentialStore.Held::credential)
                  .orElse(null));
    } else {
      // a registry the catalog does not know: anonymously, as a public registry
      client =
          RegistryClient.builder(host)
              .addressPolicy(addresses)
              .connectTimeout(Duration.ofSeconds(10))
              .requestTimeout(Duration.ofSeconds(60))
              .build();
    }
    ManifestResponse manifest = client.pullManifest(repository, ref);
    JsonNode root = EventJson.mapper().readTree(manifest.bytes());
    if (!MediaTypes.HELM_CONFIG.equals(root.path("config").path("mediaType").asText())) {
      throw new IOException("oci://" + reference + " is not a Helm chart");
    }
    byte[] chart = null;
    byte[] prov = null;
    for (JsonNode layer : root.path("layers")) {
      String type = layer.path("mediaType").asText();
      Digest digest = Digest.parse(layer.path("digest").asText());
      if (type.equals(MediaTypes.HELM_CHART) || type.equals(MediaTypes.HELM_CHART_LEGACY)) {
        chart = client.pullBlob(repository, digest, limits.maxCompressedBytes());
      } else if (type.equals(MediaTypes.HELM_PROVENANCE)) {
        prov = client.pullBlob(repository, digest, 1 << 20);
      }
    }
    if (chart == null) {
      throw new IOException("oci://" + reference + " has no chart layer");
    }
    String created = root.path("annotations").path("org.opencontainers.image.created").asText(null);
    Instant createdAt = null;
    if (created != null) {
      try {
        createdAt = Instant.parse(created);
      } catch (java.time.format.DateTimeParseException e) {
        createdAt = null;
      }
    }
    return new Package(chart, prov, createdAt, host + "/" + repository);
  }
}

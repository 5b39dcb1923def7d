package io.portolan.oci;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for one registry's OCI distribution API.
 *
 * <p>Every call authenticates as the registry's challenge asks (Basic or Bearer, re-authenticating
 * once on a 401), retries connection failures, 429 and 5xx with backoff, and verifies the digest of
 * everything it reads. Failures are {@link RegistryException}s that name the registry, repository
 * and action.
 *
 * <p>Thread-safe: one instance per registry and credential can serve many threads.
 */
public final class RegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);

  /** The OCI repository-name grammar of the distribution spec. */
  public static final Pattern REPOSITORY_NAME =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  /** The tag grammar: no {@code +}, at most 128 characters. */
  public static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  private final String registry;
  private final HttpTransport transport;
  private final Authenticator authenticator;
  private final RequestStats stats;
  private final int pageSize;
  private final long chunkSize;

  private RegistryClient(Builder b) {
    this.registry = b.registry;
    this.stats = new RequestStats();
    this.transport = new HttpTransport(b, stats);
    this.authenticator =
        new Authenticator(b.registry, b.credential, transport, b.clock, b.preferOAuth2);
    this.pageSize = b.pageSize;
    this.chunkSize = b.chunkSize;
  }

  /**
   * A builder for the registry at {@code host[:port]} (no scheme). {@code docker.io} and {@code
   * index.docker.io} are reached at {@code registry-1.docker.io}, as Docker does.
   */
  public static Builder builder(String registry) {
    return new Builder(registry);
  }

  /** The registry as named when building the client. */
  public String registry() {
    return registry;
  }

  /** Requests and bytes so far. */
  public RequestStats stats() {
    return stats;
  }

  /** {@code GET /v2/}, authenticating as the registry asks: proves the credentials work. */
  public void ping() throws RegistryException {
    call(new PingEndpoint());
  }

  /**
   * Every tag of a repository, sorted, following {@code Link} pages. Registries that ignore {@code
   * n}, return everything in one page or return tags unsorted are fine.
   */
  public List<String> listTags(String repository) throws RegistryException {
    checkRepository(repository);
    Set<String> tags = new LinkedHashSet<>();
    URI next = null;
    Set<URI> seen = new java.util.HashSet<>();
    do {
      Page page = call(new TagsEndpoint(repository, pageSize, next));
      tags.addAll(page.items());
      next = page.next();
      if (next != null && !seen.add(next)) {
        break; // a registry that links a page to itself must not loop us forever
      }
    } while (next != null);
    List<String> sorted = new ArrayList<>(tags);
    sorted.sort(null);
    return sorted;
  }

  /** Every repository the registry lists in {@code _catalog}, following {@code Link} pages. */
  public List<String> listRepositories() throws RegistryException {
    Set<String> repositories = new LinkedHashSet<>();
    URI next = null;
    Set<URI> seen = new java.util.HashSet<>();
    do {
      Page page = call(new CatalogEndpoint(pageSize, next));
      repositories.addAll(page.items());
      next = page.next();
      if (next != null && !seen.add(next)) {
        break;
      }
    } while (next != null);
    List<String> sorted = new ArrayList<>(repositories);
    sorted.sort(null);
    return sorted;
  }

  /**
   * The descriptor of a manifest, or empty when it does not exist. Uses HEAD, and a GET when the
   * registry's HEAD does not name the digest.
   */
  public Optional<Descriptor> checkManifest(String repository, String reference)
      throws RegistryException {
    checkRepository(repository);
    Optional<ManifestChecker.Head> head = call(new ManifestChecker(repository, reference));
    if (head.isEmpty()) {
      return Optional.empty();
    }
    if (head.get().digest() != null) {
      return Optional.of(
          new Descriptor(head.get().mediaType(), head.get().digest(), head.get().size()));
    }
    return Optional.of(pullManifest(repository, reference).descriptor());
  }

  /** A manifest's exact bytes, digest-verified. */
  public ManifestResponse pullManifest(String repository, String reference)
      throws RegistryException {
    checkRepository(repository);
    return call(new ManifestPuller(registry, repository, reference));
  }

  /** Pushes a manifest under a tag or its digest; returns its digest. */
  public Digest pushManifest(String repository, String reference, String mediaType, byte[] bytes)
      throws RegistryException {
    checkRepository(repository);
    if (!Digest.isDigest(reference) && !TAG.matcher(reference).matches()) {
      throw new IllegalArgumentException(
          "Not a valid tag: [" + reference + "] (letters, digits, _ . -; no +; at most 128)");
    }
    return call(new ManifestPusher(registry, repository, reference, mediaType, bytes));
  }

  /** The size of a blob, or empty when the repository does not have it. */
  public Optional<Long> checkBlob(String repository, Digest digest) throws RegistryException {
    checkRepository(repository);
    return call(new BlobChecker(repository, digest, false));
  }

  /**
   * A blob's content as a stream. Reading it to the end verifies the digest; the caller closes it.
   */
  public InputStream openBlob(String repository, Digest digest) throws RegistryException {
    checkRepository(repository);
    return call(new BlobPuller(registry, repository, digest));
  }

  /** A small blob's content, verified; fails when it is longer than {@code maxBytes}. */
  public byte[] pullBlob(String repository, Digest digest, long maxBytes) throws RegistryException {
    String action = "pull blob " + digest + " from " + repository;
    try (InputStream in = openBlob(repository, digest)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw new RegistryException(
            registry,
            repository,
            action,
            200,
            List.of(),
            "it is larger than " + maxBytes + " bytes",
            null);
      }
      if (in.read() >= 0) {
        throw new IllegalStateException("unreachable: the stream had more bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new RegistryException(registry, repository, action, 0, List.of(), e.getMessage(), e);
    }
  }

  /** What {@link #pushBlob} did. */
  public enum PushOutcome {
    /** The repository already had it: nothing was sent. */
    EXISTED,
    /** Another repository of the registry had it and the registry linked it: nothing was sent. */
    MOUNTED,
    UPLOADED
  }

  /**
   * Makes sure the repository has the blob: HEAD first, then a cross-repository mount when {@code
   * mountFrom} names a repository that has it, and an upload otherwise.
   */
  public PushOutcome pushBlob(
      String repository, Digest digest, BlobSource content, String mountFrom)
      throws RegistryException {
    checkRepository(repository);
    if (call(new BlobChecker(repository, digest, true)).isPresent()) {
      return PushOutcome.EXISTED;
    }
    UploadStarter.Started started;
    if (mountFrom != null && !mountFrom.equals(repository)) {
      checkRepository(mountFrom);
      // POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repo>
      started = call(new UploadStarter(repository, digest, mountFrom));
      if (started.mounted()) {
        return PushOutcome.MOUNTED;
      }
    } else {
      // POST /v2/<name>/blobs/uploads/
      started = call(new UploadStarter(repository, null, null));
    }
    if (content.size() <= chunkSize) {
      // PUT <location>&digest=<digest>
      call(new BlobUploader(repository, started.location(), digest, content));
      return PushOutcome.UPLOADED;
    }
    // PATCH <location> per chunk (Content-Range), then PUT <location>&digest=<digest>
    URI location = started.location();
    for (long offset = 0; offset < content.size(); offset += chunkSize) {
      long length = Math.min(chunkSize, content.size() - offset);
      location =
          call(
              new ChunkUploader(
                  repository, location, digest, content.slice(offset, length), offset));
    }
    call(new BlobUploader(repository, location, digest, null));
    return PushOutcome.UPLOADED;
  }

  private static void checkRepository(String repository) {
    if (repository == null || !REPOSITORY_NAME.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "Not a valid repository name: ["
              + repository
              + "] (lower-case letters and digits, separated by . _ __ - or /)");
    }
  }

  private <T> T call(RegistryEndpoint<T> endpoint) throws RegistryException {
    for (int attempt = 1; ; attempt++) {
      Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
      authenticator
          .authorization(endpoint.scope(), endpoint.repository())
          .ifPresent(value -> headers.put("Authorization", value));
      URI target = endpoint.target(transport.base());
      Response response;
      try {
        response =
            transport.send(
                new HttpTransport.Request(
                    endpoint.method(), target, headers, endpoint.body(), true));
      } catch (IOException e) {
        throw new RegistryException(
            registry,
            endpoint.repository(),
            endpoint.action(),
            0,
            List.of(),
            "the registry at " + transport.host() + " could not be reached: " + e,
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(
            registry, endpoint.repository(), endpoint.action(), 0, List.of(), "interrupted", e);
      }
      try (response) {
        int status = response.status();
        LOG.debug("[{}] {} {} -> {}", registry, endpoint.method(), target.getRawPath(), status);
        if (status == 401
            && attempt == 1
            && authenticator.onUnauthorized(
                response.headers("WWW-Authenticate"), endpoint.scope(), endpoint.repository())) {
          continue;
        }
        if (endpoint.accepts(status)) {
          return endpoint.handle(response);
        }
        throw failure(endpoint, response);
      } catch (IOException e) {
        throw new RegistryException(
            registry,
            endpoint.repository(),
            endpoint.action(),
            response.status(),
            List.of(),
            "its answer could not be read: " + e.getMessage(),
            e);
      }
    }
  }

  private RegistryException failure(RegistryEndpoint<?> endpoint, Response response) {
    ErrorBody errors = ErrorBody.read(response);
    int status = response.status();
    String repository = endpoint.repository();
    String action = endpoint.action();
    if (status == 401 || status == 403 || errors.codes().contains("DENIED")) {
      String reason =
          status == 401
              ? "the registry refused the credentials (401)"
              : "the credentials do not grant this (" + status + ")";
      return new RegistryUnauthorizedException(
          registry, repository, action, status, errors.codes(), reason + errors.suffix());
    }
    if (status == 404) {
      String what =
          errors.codes().isEmpty()
              ? "it does not exist (404)"
              : "it does not exist (" + String.join(", ", errors.codes()) + ")";
      return new RegistryNotFoundException(
          registry, repository, action, status, errors.codes(), what + errors.suffix());
    }
    return new RegistryException(
        registry,
        repository,
        action,
        status,
        errors.codes(),
        "the registry answered " + status + errors.suffix(),
        null);
  }

  /** Configures a {@link RegistryClient}. */
  public static final class Builder {
    final String registry;
    String apiHost;
    RegistryCredential credential = RegistryCredential.anonymous();
    TlsMode tlsMode = TlsMode.SECURE;
    String caCertificatePem;
    boolean plainHttp;
    URI proxy;
    String proxyUsername;
    String proxyPassword;
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration requestTimeout = Duration.ofSeconds(60);
    Duration readTimeout = Duration.ofSeconds(30);
    int maxAttempts = 4;
    Duration retryBaseDelay = Duration.ofMillis(250);
    Duration maxRetryDelay = Duration.ofSeconds(30);
    String userAgent = "portolan/0.1";
    Clock clock = Clock.systemUTC();
    HttpTransport.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    boolean preferOAuth2;
    int pageSize = 1000;
    long chunkSize = 16L * 1024 * 1024;
    AddressPolicy addressPolicy = AddressPolicy.ANY;

    private Builder(String registry) {
      Objects.requireNonNull(registry, "registry");
      if (registry.contains("://") || registry.contains("/")) {
        throw new IllegalArgumentException(
            "A registry is host[:port] without scheme or path, got [" + registry + "]");
      }
      this.registry = registry.toLowerCase(Locale.ROOT);
      this.apiHost =
          switch (this.registry) {
            case "docker.io", "index.docker.io" -> "registry-1.docker.io";
            default -> this.registry;
          };
    }

    public Builder credential(RegistryCredential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /** TLS mode; for {@link TlsMode#SECURE_WITH_CA} pass the CA certificate(s) as PEM. */
    public Builder tls(TlsMode mode, String caCertificatePem) {
      this.tlsMode = Objects.requireNonNull(mode, "mode");
      if (mode == TlsMode.SECURE_WITH_CA
          && (caCertificatePem == null || caCertificatePem.isBlank())) {
        throw new IllegalArgumentException("TLS mode SECURE_WITH_CA needs a CA certificate");
      }
      this.caCertificatePem = caCertificatePem;
      return this;
    }

    /** Reach the registry through an HTTP proxy ({@code http://host:port}). */
    public Builder proxy(URI proxy, String username, String password) {
      this.proxy = proxy;
      this.proxyUsername = username;
      this.proxyPassword = password;
      return this;
    }

    /**
     * Send requests to another address than the registry's name, e.g. the local end of an SSH
     * tunnel; the registry keeps its name in messages.
     */
    public Builder apiHost(String hostAndPort) {
      this.apiHost = hostAndPort;
      return this;
    }

    /**
     * Reach the registry at another address, as configuration gives it: {@code host[:port]}, or
     * {@code http://host:port} for plain HTTP, or {@code https://host:port}. Null or blank changes
     * nothing.
     */
    public Builder reachAt(String address) {
      if (address == null || address.isBlank()) {
        return this;
      }
      String a = address.trim();
      if (a.startsWith("http://")) {
        this.plainHttp = true;
        a = a.substring("http://".length());
      } else if (a.startsWith("https://")) {
        this.plainHttp = false;
        a = a.substring("https://".length());
      }
      a = a.replaceAll("/+$", "");
      if (a.isEmpty() || a.contains("/")) {
        throw new IllegalArgumentException(
            "A registry address is host[:port] or http(s)://host[:port], got [" + address + "]");
      }
      this.apiHost = a;
      return this;
    }

    /** Which addresses the client may connect to (registry, token realm, redirects). */
    public Builder addressPolicy(AddressPolicy policy) {
      this.addressPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Start with plain HTTP (only sensible for a registry on loopback). */
    public Builder plainHttp(boolean plainHttp) {
      this.plainHttp = plainHttp;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long to wait for a response's headers. */
    /**
     * How long a response body may send nothing before the read fails (default 30 s); the request
     * timeout covers only the wait for the headers.
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Tries per request (first try included) for connection failures, 429 and 5xx. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder retryDelays(Duration base, Duration max) {
      this.retryBaseDelay = base;
      this.maxRetryDelay = max;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Ask tokens with the OAuth2 password grant (POST) first, falling back to GET. */
    public Builder preferOAuth2(boolean preferOAuth2) {
      this.preferOAuth2 = preferOAuth2;
      return this;
    }

    /** The {@code n} to ask for when listing tags and repositories. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Blobs larger than this are uploaded in chunks of this size (PATCH with {@code Content-Range},
     * then PUT), so no request carries more than it; smaller ones in one PUT. Default 16 MiB.
     */
    public Builder chunkSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("chunkSize must be at least 1 byte, was " + bytes);
      }
      this.chunkSize = bytes;
      return this;
    }

    Builder sleeper(HttpTransport.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public RegistryClient build() {
      return new RegistryClient(this);
    }
  }
}

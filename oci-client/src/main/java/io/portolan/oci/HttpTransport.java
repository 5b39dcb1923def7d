package io.portolan.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP requests to one registry: TLS per {@link TlsMode}, an optional HTTP proxy, timeouts,
 * retries with exponential backoff and jitter on connection failures, 429 and 5xx (honouring {@code
 * Retry-After}), and redirects followed by hand so that credentials never go to another origin.
 *
 * <p>Thread-safe.
 */
final class HttpTransport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /** What to send. {@code body} may be null; it is reopened on each attempt. */
  record Request(
      String method, URI uri, Map<String, String> headers, BlobSource body, boolean retryable) {}

  /** Sleeps between retries; tests replace it. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpClient http;
  private final String host;
  private final TlsMode tlsMode;
  private final Duration requestTimeout;
  private final Duration readTimeout;
  private final String proxyAuthorization; // null without proxy credentials
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxRetryDelay;
  private final String userAgent;
  private final RequestStats stats;
  private final Sleeper sleeper;
  private volatile String scheme; // "https", or "http" after an insecure registry refused TLS
  private final AddressPolicy addressPolicy;
  private final java.util.Map<String, String> checkedHosts =
      new java.util.concurrent.ConcurrentHashMap<>(); // host -> refusal, or "" when allowed

  HttpTransport(RegistryClient.Builder b, RequestStats stats) {
    this.host = b.apiHost;
    this.tlsMode = b.tlsMode;
    this.requestTimeout = b.requestTimeout;
    this.readTimeout = b.readTimeout;
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.retryBaseDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.userAgent = b.userAgent;
    this.stats = stats;
    this.sleeper = b.sleeper;
    this.scheme = b.plainHttp ? "http" : "https";
    this.addressPolicy = b.addressPolicy;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(b.connectTimeout)
            .sslContext(
                sslContext(
                    b.tlsMode,
                    b.caCertificatePem,
                    // reached at another address: the certificate must still name the registry
                    hostOf(b.apiHost).equalsIgnoreCase(hostOf(b.registry))
                        ? null
                        : hostOf(b.registry)));
    if (!hostOf(b.apiHost).equalsIgnoreCase(hostOf(b.registry))
        && !hostOf(b.registry).matches("[0-9.]+|\\[.*\\]")) {
      javax.net.ssl.SSLParameters parameters = new javax.net.ssl.SSLParameters();
      parameters.setServerNames(
          java.util.List.of(new javax.net.ssl.SNIHostName(hostOf(b.registry))));
      builder.sslParameters(parameters);
    }
    if (b.proxy != null) {
      builder.proxy(
          ProxySelector.of(
              InetSocketAddress.createUnresolved(b.proxy.getHost(), b.proxy.getPort())));
    }
    // Sent with every request, preemptively. Not through a java.net.Authenticator: the JDK client
    // would then also answer the registry's own 401 challenges itself (and fail, having no
    // registry credentials to give), instead of handing them to the token exchange. For HTTPS the
    // JDK puts this header on the CONNECT to the proxy and strips it from the tunnelled request.
    this.proxyAuthorization =
        b.proxy != null && b.proxyUsername != null
            ? "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        (b.proxyUsername + ":" + (b.proxyPassword == null ? "" : b.proxyPassword))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            : null;
    this.http = builder.build();
  }

  /** {@code https://host[:port]}, or {@code http://} once an insecure registry refused TLS. */
  URI base() {
    return URI.create(scheme + "://" + host);
  }

  String host() {
    return host;
  }

  Response send(Request request) throws IOException, InterruptedException {
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Request current = onCurrentScheme(request);
      try {
        Response response = sendFollowingRedirects(current);
        if (RETRYABLE.contains(response.status()) && request.retryable() && attempt < maxAttempts) {
          Duration delay = retryAfter(response).orElse(backoff(attempt));
          LOG.debug(
              "Registry [{}] answered {} to {} {}; retrying in {} ms",
              host,
              response.status(),
              current.method(),
              current.uri().getPath(),
              delay.toMillis());
          response.close();
          sleeper.sleep(delay);
          continue;
        }
        return response;
      } catch (RefusedAddressException e) {
        throw e;
      } catch (SSLException e) {
        // compare with the scheme this request used: a concurrent request may have switched already
        if (tlsMode == TlsMode.INSECURE && current.uri().getScheme().equals("https")) {
          synchronized (this) {
            if (scheme.equals("https")) {
              LOG.info(
                  "Registry [{}] does not speak TLS; using plain HTTP (insecure registry)", host);
              scheme = "http";
            }
          }
          attempt--; // switching scheme is not a retry
          continue;
        }
        throw e;
      } catch (HttpTimeoutException | ConnectException e) {
        lastFailure = e;
      } catch (IOException e) {
        lastFailure = e;
      }
      if (!request.retryable() || attempt >= maxAttempts) {
        break;
      }
      Duration delay = backoff(attempt);
      LOG.debug(
          "Could not reach registry [{}] ({}); retrying in {} ms",
          host,
          lastFailure.toString(),
          delay.toMillis());
      sleeper.sleep(delay);
    }
    throw lastFailure;
  }

  private Request onCurrentScheme(Request request) {
    URI uri = request.uri();
    if (uri.getScheme().equals(scheme) || !host.equalsIgnoreCase(uri.getRawAuthority())) {
      return request;
    }
    try {
      URI rewritten = new URI(scheme, uri.getRawAuthority(), uri.getRawPath(), null, null);
      String query = uri.getRawQuery();
      rewritten = URI.create(rewritten + (query == null ? "" : "?" + query));
      return new Request(
          request.method(), rewritten, request.headers(), request.body(), request.retryable());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Response sendFollowingRedirects(Request request)
      throws IOException, InterruptedException {
    URI uri = request.uri();
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    for (int hop = 0; ; hop++) {
      Response response = sendOnce(request.method(), uri, headers, request.body());
      boolean followable =
          REDIRECTS.contains(response.status())
              && (request.method().equals("GET") || request.method().equals("HEAD"));
      if (!followable) {
        return response;
      }
      String location = response.header("Location").orElse(null);
      response.close();
      if (location == null || hop >= 5) {
        throw new IOException(
            "the registry sent a redirect without a usable Location (or more than 5 in a row)");
      }
      URI next = uri.resolve(location);
      if (uri.getScheme().equals("https") && next.getScheme().equals("http")) {
        throw new IOException("the registry redirected from HTTPS to plain HTTP, which is refused");
      }
      if (!sameOrigin(uri, next)) {
        headers.remove("Authorization"); // never send registry credentials to another origin
      }
      uri = next;
    }
  }

  /** Refuses a host whose addresses the policy refuses; each host is resolved once per client. */
  private void checkAddress(String host) throws RefusedAddressException {
    if (addressPolicy == AddressPolicy.ANY || host == null) {
      return;
    }
    String refusal =
        checkedHosts.computeIfAbsent(
            host,
            h -> {
              InetAddress[] addresses;
              try {
                addresses = InetAddress.getAllByName(h);
              } catch (java.net.UnknownHostException e) {
                return ""; // the request itself will say the host is unknown
              }
              for (InetAddress address : addresses) {
                String why = addressPolicy.refusal(h, address);
                if (why != null) {
                  return why;
                }
              }
              return "";
            });
    if (!refusal.isEmpty()) {
      throw new RefusedAddressException("connecting was refused: " + refusal);
    }
  }

  private Response sendOnce(String method, URI uri, Map<String, String> headers, BlobSource body)
      throws IOException, InterruptedException {
    checkAddress(uri.getHost());
    HttpRequest.BodyPublisher publisher;
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (body.size() == 0) {
      publisher = HttpRequest.BodyPublishers.ofByteArray(new byte[0]);
    } else {
      publisher =
          HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(
                  () -> {
                    try {
                      return body.open();
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }),
              body.size());
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .method(method, publisher)
            .header("User-Agent", userAgent);
    headers.forEach(builder::header);
    if (proxyAuthorization != null) {
      builder.header("Proxy-Authorization", proxyAuthorization);
    }
    stats.request(method);
    if (body != null) {
      stats.sent(body.size());
    }
    HttpResponse<java.util.concurrent.Flow.Publisher<java.util.List<java.nio.ByteBuffer>>> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofPublisher());
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    BodyStream stream = new BodyStream(response.body(), readTimeout);
    if (method.equals("HEAD")) {
      // a HEAD has no body; reading would wait for one that never comes on some servers
      stream.close();
      return new Response(withBody(response, new ByteArrayInputStream(new byte[0])), stats);
    }
    return new Response(withBody(response, stream), stats);
  }

  private static HttpResponse<InputStream> withBody(HttpResponse<?> response, InputStream body) {
    return new HttpResponse<>() {
      @Override
      public int statusCode() {
        return response.statusCode();
      }

      @Override
      public HttpRequest request() {
        return response.request();
      }

      @Override
      public java.util.Optional<HttpResponse<InputStream>> previousResponse() {
        return java.util.Optional.empty();
      }

      @Override
      public java.net.http.HttpHeaders headers() {
        return response.headers();
      }

      @Override
      public InputStream body() {
        return body;
      }

      @Override
      public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
        return response.sslSession();
      }

      @Override
      public URI uri() {
        return response.uri();
      }

      @Override
      public HttpClient.Version version() {
        return response.version();
      }
    };
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private Duration backoff(int attempt) {
    long cap =
        Math.min(
            maxRetryDelay.toMillis(), baseDelay.toMillis() * (1L << Math.min(attempt - 1, 16)));
    // "full jitter": spreads retries of many clients over the whole window
    return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
  }

  private java.util.Optional<Duration> retryAfter(Response response) {
    return response
        .header("Retry-After")
        .map(String::trim)
        .flatMap(
            value -> {
              try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value)));
              } catch (NumberFormatException e) {
                try {
                  ZonedDateTime at =
                      ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                  return java.util.Optional.of(
                      Duration.between(java.time.Instant.now(), at.toInstant()));
                } catch (java.time.format.DateTimeParseException e2) {
                  return java.util.Optional.empty();
                }
              }
            })
        .map(d -> d.isNegative() ? Duration.ZERO : d)
        .map(d -> d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d);
  }

  private static String hostOf(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      return hostAndPort.substring(0, hostAndPort.indexOf(']') + 1);
    }
    int colon = hostAndPort.lastIndexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }

  /** The trust managers, checking names against {@code verifyName} when it is set. */
  private static TrustManager[] checkingName(TrustManager[] managers, String verifyName) {
    if (verifyName == null) {
      return managers;
    }
    TrustManager[] wrapped = new TrustManager[managers.length];
    for (int i = 0; i < managers.length; i++) {
      wrapped[i] =
          managers[i] instanceof X509TrustManager x
              ? new NameCheckingTrustManager(x, verifyName)
              : managers[i];
    }
    return wrapped;
  }

  private static SSLContext sslContext(TlsMode mode, String caPem, String verifyName) {
    try {
      switch (mode) {
        case SECURE:
          {
            if (verifyName == null) {
              return SSLContext.getDefault();
            }
            TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                null, checkingName(factory.getTrustManagers(), verifyName), new SecureRandom());
            return context;
          }
        case SECURE_WITH_CA:
          {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate trusted : defaultTrustManager().getAcceptedIssuers()) {
              store.setCertificateEntry("default-" + i++, trusted);
            }
            Collection<? extends java.security.cert.Certificate> custom =
                CertificateFactory.getInstance("X.509")
                    .generateCertificates(
                        new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            if (custom.isEmpty()) {
              throw new IllegalArgumentException("the CA certificate PEM holds no certificate");
            }
            for (java.security.cert.Certificate certificate : custom) {
              store.setCertificateEntry("custom-" + i++, certificate);
            }
            TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                null, checkingName(factory.getTrustManagers(), verifyName), new SecureRandom());
            return context;
          }
        case INSECURE:
        default:
          {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            return context;
          }
      }
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "Could not set up TLS mode "
              + mode.name().toLowerCase(Locale.ROOT)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static X509TrustManager defaultTrustManager()
      throws java.security.GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new java.security.GeneralSecurityException("no default X509TrustManager");
  }

  /** For {@link TlsMode#INSECURE}: checks neither the chain nor the host name. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

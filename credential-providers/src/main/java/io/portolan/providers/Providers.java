package io.portolan.providers;

import io.portolan.events.Provider;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.oci.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The minter for each registry, and the identity a mint belongs to (so that registries sharing an
 * identity share one upstream mint).
 *
 * <p>Thread-safe. Close it to release the AWS HTTP client.
 */
public final class Providers implements AutoCloseable {
  private final SdkHttpClient awsHttp;
  private final Clock clock;
  private final RegistryCheck check;
  private final TokenMinter passThrough;
  private final TokenMinter ecr;
  private final TokenMinter google;
  private final TokenMinter acr;

  /**
   * @param clients a client builder for a registry (its address, TLS mode and proxy), for logins
   */
  public Providers(
      ProviderSettings settings,
      Function<RegistrySnapshot, RegistryClient.Builder> clients,
      Clock clock) {
    this.awsHttp =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(settings.requestTimeout())
            .socketTimeout(settings.requestTimeout())
            .build();
    this.clock = clock;
    this.check = new RegistryCheck(clients);
    this.passThrough = new PassThroughMinter(check, clock, settings.verifyLongLived());
    this.ecr = new EcrMinter(settings, awsHttp, clock);
    this.google = new GoogleMinter(settings, check, clock);
    this.acr =
        new AcrMinter(settings, new FormClient(settings.requestTimeout()), passThrough, clock);
  }

  /** The minter for the registry's provider. */
  public TokenMinter minterFor(RegistrySnapshot registry) {
    return switch (registry.provider()) {
      case ECR -> ecr;
      case GCR, GAR -> google;
      case ACR -> acr;
      case DOCKER_HUB, QUAY, OTHER -> passThrough;
    };
  }

  /** Mints for the registry with its provider's minter. */
  public MintedCredential mint(RegistrySnapshot registry, RootCredentials root)
      throws MintException {
    return minterFor(registry).mint(registry, root);
  }

  /**
   * Whether the registry's pull credential is minted upstream (ECR, Google access tokens, ACR with
   * a tenant) rather than its long-lived login handed out as it is.
   */
  public static boolean mints(RegistrySnapshot registry) {
    String mode =
        registry.settings().authMode() == null
            ? ""
            : registry.settings().authMode().toUpperCase(Locale.ROOT);
    return switch (registry.provider()) {
      case ECR -> true;
      case GCR, GAR -> !mode.equals("JSON_KEY");
      case ACR ->
          registry.settings().tenantId() != null && !registry.settings().tenantId().isBlank();
      case DOCKER_HUB, QUAY, OTHER -> false;
    };
  }

  /**
   * The long-lived login of a registry that is not {@link #mints minted}, without checking it: the
   * username and password, or a Google JSON key as {@code _json_key}.
   */
  public MintedCredential longLived(RegistrySnapshot registry, RootCredentials root)
      throws MintException {
    if (registry.provider() == Provider.GCR || registry.provider() == Provider.GAR) {
      if (root == null || root.serviceAccountKey() == null) {
        throw new MintException("the registry has no service-account key", false);
      }
      return GoogleMinter.jsonKey(registry, root.serviceAccountKey(), clock);
    }
    return new PassThroughMinter(check, clock, false).mint(registry, root);
  }

  /** Logs in to the registry with the credential (or anonymously when null). */
  public RegistryCheck check() {
    return check;
  }

  /**
   * Who a mint is for: registries with the same identity get the same credential from one upstream
   * call. ECR tokens cover every registry of an account and region the principal may read; a Google
   * access token covers every GCR and Artifact Registry host; ACR tokens and long-lived logins are
   * per registry host. ECR registries that let the pusher create repositories are minted apart
   * (their mint carries a repository session). Secrets enter only through a hash. Null for public
   * registries.
   */
  public static String identity(RegistrySnapshot registry, RootCredentials root) {
    if (registry.visibility() == Visibility.PUBLIC) {
      return null;
    }
    RegistrySnapshot.ProviderSettings p = registry.settings();
    RootCredentials r = root == null ? RootCredentials.usernamePassword(null, null) : root;
    Provider provider = registry.provider();
    String mode = p.authMode() == null ? "" : p.authMode().toUpperCase(Locale.ROOT);
    return switch (provider) {
      case ECR ->
          String.join(
                  "|",
                  "ECR",
                  String.valueOf(p.accountId()),
                  String.valueOf(p.region()),
                  mode,
                  String.valueOf(p.roleArn()),
                  fingerprint(r.accessKeyId(), r.secretAccessKey()))
              // a mint that carries a repository session refreshes at that session's pace; keep
              // it apart from the plain pull logins of the same principal
              + (p.createsRepositories() ? "|create-repositories" : "");
      case GCR, GAR ->
          String.join(
              "|",
              "GCP",
              mode.isEmpty() ? "ACCESS_TOKEN" : mode,
              mode.equals("JSON_KEY") ? registry.host() + "|" + p.jsonKeyEncoding() : "",
              fingerprint(r.serviceAccountKey()));
      case ACR ->
          String.join(
              "|",
              "ACR",
              registry.host(),
              String.valueOf(p.tenantId()),
              fingerprint(r.username(), r.password()));
      case DOCKER_HUB, QUAY, OTHER ->
          String.join(
              "|", provider.name(), registry.host(), fingerprint(r.username(), r.password()));
    };
  }

  /** A short SHA-256 of the parts; the same secret gives the same value. */
  static String fingerprint(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    awsHttp.close();
  }
}

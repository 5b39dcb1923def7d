package io.portolan.providers;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * GCR and Artifact Registry. Mode {@code ACCESS_TOKEN}: an OAuth2 access token minted from the
 * service-account key (a JWT bearer grant signed with the key, through google-auth-library), user
 * {@code oauth2accesstoken}, expiring when Google says. Mode {@code JSON_KEY}: the key itself as
 * {@code _json_key} (or {@code _json_key_base64}), long-lived.
 */
final class GoogleMinter implements TokenMinter {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  private final ProviderSettings settings;
  private final RegistryCheck check;
  private final Clock clock;

  GoogleMinter(ProviderSettings settings, RegistryCheck check, Clock clock) {
    this.settings = settings;
    this.check = check;
    this.clock = clock;
  }

  @Override
  public MintedCredential mint(RegistrySnapshot registry, RootCredentials root)
      throws MintException {
    if (root == null || root.serviceAccountKey() == null) {
      throw new MintException("the registry has no service-account key", false);
    }
    String mode =
        registry.settings().authMode() == null
            ? "ACCESS_TOKEN"
            : registry.settings().authMode().toUpperCase(Locale.ROOT);
    if (mode.equals("JSON_KEY")) {
      MintedCredential credential = jsonKey(registry, root.serviceAccountKey(), clock);
      if (settings.verifyLongLived()) {
        check.login(registry, credential, RegistryCheck.ConnectionSecrets.of(root));
      }
      return credential;
    }
    int timeout = (int) settings.requestTimeout().toMillis();
    NetHttpTransport transport =
        new NetHttpTransport.Builder()
            .setConnectionFactory(
                url -> {
                  HttpURLConnection c = (HttpURLConnection) url.openConnection();
                  c.setConnectTimeout(timeout);
                  c.setReadTimeout(timeout);
                  return c;
                })
            .build();
    ServiceAccountCredentials key;
    try {
      key =
          ServiceAccountCredentials.fromStream(
              new ByteArrayInputStream(root.serviceAccountKey().getBytes(StandardCharsets.UTF_8)),
              () -> transport);
    } catch (IOException | RuntimeException e) {
      throw new MintException(
          "the service-account key cannot be read (" + e.getClass().getSimpleName() + ")", false);
    }
    if (settings.googleTokenUri() != null) {
      key = key.toBuilder().setTokenServerUri(settings.googleTokenUri()).build();
    }
    GoogleCredentials scoped = key.createScoped(List.of(SCOPE));
    AccessToken token;
    try {
      token = scoped.refreshAccessToken();
    } catch (IOException e) {
      String reason = firstLine(e.getMessage());
      boolean refused =
          reason.contains("invalid_grant")
              || reason.contains("invalid_client")
              || reason.contains("unauthorized_client")
              || reason.contains("400")
              || reason.contains("401");
      throw new MintException(
          "Google refused an access token for "
              + key.getClientEmail()
              + ": "
              + reason
              + (refused ? "; the key may be disabled or deleted" : ""),
          !refused,
          e);
    }
    return new MintedCredential(
        "oauth2accesstoken",
        token.getTokenValue(),
        clock.instant(),
        token.getExpirationTime() == null ? null : token.getExpirationTime().toInstant());
  }

  /** The key as a long-lived login: {@code _json_key}, or {@code _json_key_base64} when set. */
  static MintedCredential jsonKey(RegistrySnapshot registry, String key, Clock clock) {
    String encoding = registry.settings().jsonKeyEncoding();
    if ("_json_key_base64".equals(encoding)) {
      return new MintedCredential(
          "_json_key_base64",
          Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)),
          clock.instant(),
          null);
    }
    return new MintedCredential("_json_key", key, clock.instant(), null);
  }

  /** Google's message with its error body, on one line and not too long. */
  private static String firstLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    String line = message.replaceAll("\\s+", " ").strip();
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}

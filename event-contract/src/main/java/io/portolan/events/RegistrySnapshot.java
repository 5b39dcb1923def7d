package io.portolan.events;

import java.util.List;
import java.util.Objects;

/**
 * Everything about a registry that is not secret. Secrets travel only inside {@link SealedBox}es.
 *
 * @param name unique, a valid Kubernetes name segment
 * @param url {@code host[:port][/path]}, no scheme
 * @param organization optional namespace inside the registry
 * @param settings provider-specific non-secret settings
 * @param tokenRefreshMinutes optional upper bound between mints
 */
public record RegistrySnapshot(
    String name,
    Provider provider,
    String url,
    String organization,
    Visibility visibility,
    ProviderSettings settings,
    Tls tls,
    Connection connection,
    Usage usage,
    boolean defaultRegistry,
    CredentialAccess access,
    Integer tokenRefreshMinutes) {

  public RegistrySnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    settings = settings == null ? ProviderSettings.NONE : settings;
    tls = tls == null ? Tls.SECURE : tls;
    connection = connection == null ? Connection.DIRECT : connection;
    usage = usage == null ? Usage.DEFAULT : usage;
    access = access == null ? CredentialAccess.ALL_CLUSTERS : access;
    visibility = visibility == null ? Visibility.PRIVATE : visibility;
  }

  /** {@code host[:port]}: the part of the URL that names the server. */
  public String host() {
    int slash = url.indexOf('/');
    return slash < 0 ? url : url.substring(0, slash);
  }

  /** The path after the host, without leading or trailing slashes; empty when there is none. */
  public String pathPrefix() {
    int slash = url.indexOf('/');
    return slash < 0 ? "" : url.substring(slash + 1).replaceAll("/+$", "");
  }

  /**
   * Provider settings that are not secret.
   *
   * @param username the user name for providers that log in with one (Docker Hub, Quay, ACR, Other)
   * @param authMode ECR: {@code IAM_ROLE} or {@code ACCESS_KEYS}; GCR/GAR: {@code ACCESS_TOKEN} or
   *     {@code JSON_KEY}
   * @param region ECR region
   * @param accountId ECR account id
   * @param roleArn ECR role to assume, optional
   * @param clientEmail GCR/GAR service-account e-mail
   * @param tenantId ACR: Entra tenant for the token exchange, optional
   * @param jsonKeyEncoding GCR/GAR JSON_KEY mode: {@code _json_key} or {@code _json_key_base64}
   * @param createRepositories ECR: the pusher may create a missing repository before it pushes (ECR
   *     refuses pushes to repositories that do not exist); null or false when it may not
   */
  public record ProviderSettings(
      String username,
      String authMode,
      String region,
      String accountId,
      String roleArn,
      String clientEmail,
      String tenantId,
      String jsonKeyEncoding,
      Boolean createRepositories) {
    public static final ProviderSettings NONE =
        new ProviderSettings(null, null, null, null, null, null, null, null, null);

    public ProviderSettings {
      createRepositories = Boolean.TRUE.equals(createRepositories) ? Boolean.TRUE : null;
    }

    public ProviderSettings(
        String username,
        String authMode,
        String region,
        String accountId,
        String roleArn,
        String clientEmail,
        String tenantId,
        String jsonKeyEncoding) {
      this(
          username,
          authMode,
          region,
          accountId,
          roleArn,
          clientEmail,
          tenantId,
          jsonKeyEncoding,
          null);
    }

    public static ProviderSettings username(String username) {
      return new ProviderSettings(username, null, null, null, null, null, null, null, null);
    }

    /** Whether the pusher may create missing repositories (ECR). */
    public boolean createsRepositories() {
      return Boolean.TRUE.equals(createRepositories);
    }
  }

  /** TLS towards the registry. */
  public record Tls(TlsMode mode, String caCertificatePem) {
    public static final Tls SECURE = new Tls(TlsMode.SECURE, null);

    public Tls {
      mode = mode == null ? TlsMode.SECURE : mode;
    }
  }

  /** How TLS is checked. */
  public enum TlsMode {
    SECURE,
    SECURE_WITH_CA,
    /**
     * TLS without verification, falling back to plain HTTP, as Docker treats insecure registries.
     */
    INSECURE
  }

  /** How the registry is reached. Passwords and keys travel sealed. */
  public record Connection(
      ConnectionMode mode,
      String proxyUrl,
      String proxyUsername,
      String sshHost,
      Integer sshPort,
      String sshUser,
      String sshKnownHostKey) {
    public static final Connection DIRECT =
        new Connection(ConnectionMode.DIRECT, null, null, null, null, null, null);

    public Connection {
      mode = mode == null ? ConnectionMode.DIRECT : mode;
    }
  }

  /** The network path to a registry. */
  public enum ConnectionMode {
    DIRECT,
    PROXY,
    SSH_TUNNEL
  }

  /** What the registry is used for. */
  public record Usage(
      boolean pushImages,
      boolean pushHelm,
      boolean chartRepository,
      List<String> chartRepositories) {
    public static final Usage DEFAULT = new Usage(true, false, false, List.of());

    public Usage {
      chartRepositories = chartRepositories == null ? List.of() : List.copyOf(chartRepositories);
    }
  }

  /** Which clusters receive pull credentials, and how. */
  public record CredentialAccess(
      AccessMode mode,
      String secretName,
      boolean allClusters,
      List<String> clusters,
      List<String> excludeClusters) {
    public static final CredentialAccess ALL_CLUSTERS =
        new CredentialAccess(AccessMode.SAME_AS_REGISTRY, null, true, List.of(), List.of());

    public CredentialAccess {
      mode = mode == null ? AccessMode.SAME_AS_REGISTRY : mode;
      clusters = clusters == null ? List.of() : List.copyOf(clusters);
      excludeClusters = excludeClusters == null ? List.of() : List.copyOf(excludeClusters);
    }

    /** Whether a cluster may receive this registry's credential. */
    public boolean grants(String clusterId) {
      if (mode == AccessMode.NONE || excludeClusters.contains(clusterId)) {
        return false;
      }
      return allClusters || clusters.contains(clusterId);
    }
  }

  /** What an injector does with a registry's credential. */
  public enum AccessMode {
    /** Inject the minted credential as a pull secret. */
    SAME_AS_REGISTRY,
    /** Only reference a Secret the user manages. */
    IMAGE_PULL_SECRET_NAME,
    /** Nothing. */
    NONE
  }
}

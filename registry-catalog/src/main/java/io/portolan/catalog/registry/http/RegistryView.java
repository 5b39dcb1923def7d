package io.portolan.catalog.registry.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.catalog.registry.Registry;
import io.portolan.events.RegistrySnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A registry as the API shows it: the request's shape without secret values, plus which secrets are
 * set and the read-only id, revision and times. A client may send it back as a PUT body.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistryView(
    String id,
    String name,
    String provider,
    String url,
    @Nullable String organization,
    String visibility,
    CredentialsView credentials,
    TlsView tls,
    ConnectionView connection,
    UsageView usage,
    boolean defaultRegistry,
    AccessView access,
    @Nullable Integer tokenRefreshMinutes,
    long revision,
    Instant createdAt,
    Instant updatedAt) {

  /** Non-secret credential settings and the paths of the secrets that are set. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CredentialsView(
      @Nullable String username,
      @Nullable String authMode,
      @Nullable String region,
      @Nullable String accountId,
      @Nullable String roleArn,
      @Nullable String clientEmail,
      @Nullable String tenantId,
      @Nullable String jsonKeyEncoding,
      @Nullable Boolean createRepositories,
      Set<String> secretsSet) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TlsView(String mode, @Nullable String caCertificate) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConnectionView(String mode, @Nullable ProxyView proxy, @Nullable SshView ssh) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProxyView(String url, @Nullable String username, boolean passwordSet) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SshView(
      String host,
      @Nullable Integer port,
      @Nullable String user,
      @Nullable String knownHostKey,
      boolean privateKeySet,
      boolean passwordSet) {}

  @Serdeable
  public record UsageView(
      boolean pushImages,
      boolean pushHelm,
      boolean chartRepository,
      List<String> chartRepositories) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccessView(
      String mode,
      @Nullable String secretName,
      boolean allClusters,
      List<String> clusters,
      List<String> excludeClusters) {}

  public static RegistryView of(Registry registry) {
    RegistrySnapshot s = registry.snapshot();
    RegistrySnapshot.ProviderSettings p = s.settings();
    RegistrySnapshot.Connection c = s.connection();
    Set<String> set = registry.secretsSet();
    return new RegistryView(
        registry.id().toString(),
        s.name(),
        s.provider().name(),
        s.url(),
        s.organization(),
        s.visibility().name(),
        new CredentialsView(
            p.username(),
            p.authMode(),
            p.region(),
            p.accountId(),
            p.roleArn(),
            p.clientEmail(),
            p.tenantId(),
            p.jsonKeyEncoding(),
            p.createRepositories(),
            set),
        new TlsView(s.tls().mode().name(), s.tls().caCertificatePem()),
        new ConnectionView(
            c.mode().name(),
            c.proxyUrl() == null
                ? null
                : new ProxyView(
                    c.proxyUrl(), c.proxyUsername(), set.contains("connection.proxy.password")),
            c.sshHost() == null
                ? null
                : new SshView(
                    c.sshHost(),
                    c.sshPort(),
                    c.sshUser(),
                    c.sshKnownHostKey(),
                    set.contains("connection.ssh.privateKey"),
                    set.contains("connection.ssh.password"))),
        new UsageView(
            s.usage().pushImages(),
            s.usage().pushHelm(),
            s.usage().chartRepository(),
            s.usage().chartRepositories()),
        s.defaultRegistry(),
        new AccessView(
            s.access().mode().name(),
            s.access().secretName(),
            s.access().allClusters(),
            s.access().clusters(),
            s.access().excludeClusters()),
        s.tokenRefreshMinutes(),
        registry.revision(),
        registry.createdAt(),
        registry.updatedAt());
  }
}

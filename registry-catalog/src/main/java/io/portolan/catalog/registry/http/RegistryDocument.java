package io.portolan.catalog.registry.http;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The request body of create, replace and (as a JSON Merge Patch) partial update, for the OpenAPI
 * document only. Requests are read field by field by {@code RegistryRequests}, which is where each
 * rule lives; this record describes them for clients.
 */
@Schema(
    name = "RegistryRequest",
    description =
        "A registry. Unknown fields are refused. Read-only fields of a GET (id, revision, createdAt,"
            + " updatedAt, credentials.secretsSet, ...) may be sent back and are ignored.")
public record RegistryDocument(
    @Schema(
            description = "Unique; usable in Kubernetes object names (at most 50 characters).",
            pattern = "^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
    @Schema(
            allowableValues = {"ECR", "DOCKER_HUB", "ACR", "GCR", "GAR", "QUAY", "OTHER"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String provider,
    @Schema(
            description =
                "host[:port][/path], without a scheme. ECR: <account>.dkr.ecr.<region>.amazonaws.com;"
                    + " GAR: <location>-docker.pkg.dev; ACR: <name>.azurecr.io; DOCKER_HUB defaults"
                    + " to docker.io.",
            example = "registry.example.com:5000/team")
        @Nullable
        String url,
    @Schema(description = "Organization or namespace (ACR, Quay, Docker Hub, Other).") @Nullable
        String organization,
    @Schema(
            allowableValues = {"PRIVATE", "PUBLIC"},
            defaultValue = "PRIVATE",
            description = "PUBLIC needs no credentials.")
        @Nullable
        String visibility,
    @Nullable Credentials credentials,
    @Nullable Tls tls,
    @Nullable Connection connection,
    @Nullable Usage usage,
    @Schema(description = "At most one registry is the default; setting it clears the old one.")
        @Nullable
        Boolean defaultRegistry,
    @Nullable Access access,
    @Schema(
            description =
                "Refresh minted credentials at least this often (minutes); they are always"
                    + " refreshed before they expire.",
            minimum = "1",
            maximum = "10080")
        @Nullable
        Integer tokenRefreshMinutes) {

  /** Credentials by provider. Secrets are write-only: omitted keeps them, null removes them. */
  @Schema(name = "RegistryCredentials")
  public record Credentials(
      @Schema(description = "DOCKER_HUB, QUAY, OTHER, ACR.") @Nullable String username,
      @Schema(description = "Password or access token (secret).", writeOnly = true) @Nullable
          String password,
      @Schema(
              description = "ECR: ACCESS_KEYS or IAM_ROLE; GCR/GAR: ACCESS_TOKEN or JSON_KEY.",
              allowableValues = {"ACCESS_KEYS", "IAM_ROLE", "ACCESS_TOKEN", "JSON_KEY"})
          @Nullable
          String authMode,
      @Schema(description = "ECR access key id (secret).", writeOnly = true) @Nullable
          String accessKeyId,
      @Schema(description = "ECR secret access key (secret).", writeOnly = true) @Nullable
          String secretAccessKey,
      @Schema(description = "ECR region; must match the URL's.", example = "eu-west-1") @Nullable
          String region,
      @Schema(description = "ECR: a role to assume through STS.") @Nullable String roleArn,
      @Schema(
              description =
                  "GCR/GAR: the service-account JSON key file as a string (secret); type,"
                      + " client_email, private_key and token_uri are checked.",
              writeOnly = true)
          @Nullable
          String serviceAccountKey,
      @Schema(allowableValues = {"_json_key", "_json_key_base64"}) @Nullable String jsonKeyEncoding,
      @Schema(description = "ACR: the Entra tenant for the token exchange.") @Nullable
          String tenantId,
      @Schema(
              description =
                  "ECR: let the helm-pusher create a missing repository before it pushes (ECR"
                      + " refuses pushes to repositories that do not exist). The minter hands the"
                      + " pusher an STS session narrowed to ecr:CreateRepository and"
                      + " ecr:DescribeRepositories in this account and region: through"
                      + " sts:GetFederationToken with ACCESS_KEYS, through AssumeRole of roleArn"
                      + " otherwise (IAM_ROLE needs a roleArn).",
              defaultValue = "false")
          @Nullable
          Boolean createRepositories) {}

  /** TLS to the registry. */
  @Schema(name = "RegistryTls")
  public record Tls(
      @Schema(
              allowableValues = {"SECURE", "SECURE_WITH_CA", "INSECURE"},
              defaultValue = "SECURE")
          @Nullable
          String mode,
      @Schema(description = "PEM CA certificate(s) for SECURE_WITH_CA.") @Nullable
          String caCertificate) {}

  /** How to reach the registry. */
  @Schema(name = "RegistryConnection")
  public record Connection(
      @Schema(
              allowableValues = {"DIRECT", "PROXY", "SSH_TUNNEL"},
              defaultValue = "DIRECT")
          @Nullable
          String mode,
      @Nullable Proxy proxy,
      @Nullable Ssh ssh) {}

  /** An HTTP proxy. */
  @Schema(name = "RegistryProxy")
  public record Proxy(
      @Schema(example = "http://proxy.example:3128") @Nullable String url,
      @Nullable String username,
      @Schema(writeOnly = true) @Nullable String password) {}

  /** An SSH tunnel; the host key is required and checked. */
  @Schema(name = "RegistrySshTunnel")
  public record Ssh(
      @Nullable String host,
      @Schema(defaultValue = "22") @Nullable Integer port,
      @Nullable String user,
      @Schema(description = "OpenSSH or PEM private key (secret).", writeOnly = true) @Nullable
          String privateKey,
      @Schema(writeOnly = true) @Nullable String password,
      @Schema(description = "As in known_hosts: ssh-ed25519 AAAA...") @Nullable
          String knownHostKey) {}

  /** What the registry is used for. */
  @Schema(name = "RegistryUsage")
  public record Usage(
      @Schema(defaultValue = "true") @Nullable Boolean pushImages,
      @Schema(defaultValue = "false") @Nullable Boolean pushHelm,
      @Schema(defaultValue = "false") @Nullable Boolean chartRepository,
      @Schema(description = "OCI repository names to index; empty means discover via _catalog.")
          @Nullable
          List<String> chartRepositories) {}

  /** Which clusters get the credential, and how. */
  @Schema(name = "RegistryAccess")
  public record Access(
      @Schema(
              allowableValues = {"SAME_AS_REGISTRY", "IMAGE_PULL_SECRET_NAME", "NONE"},
              defaultValue = "SAME_AS_REGISTRY")
          @Nullable
          String mode,
      @Schema(description = "IMAGE_PULL_SECRET_NAME: the Secret injectors reference.") @Nullable
          String secretName,
      @Schema(defaultValue = "true") @Nullable Boolean allClusters,
      @Nullable List<String> clusters,
      @Nullable List<String> excludeClusters) {}
}

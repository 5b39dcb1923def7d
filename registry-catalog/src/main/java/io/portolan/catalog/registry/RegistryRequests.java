package io.portolan.catalog.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.events.Provider;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.RegistrySnapshot.Connection;
import io.portolan.events.RegistrySnapshot.ConnectionMode;
import io.portolan.events.RegistrySnapshot.CredentialAccess;
import io.portolan.events.RegistrySnapshot.ProviderSettings;
import io.portolan.events.RegistrySnapshot.Tls;
import io.portolan.events.RegistrySnapshot.TlsMode;
import io.portolan.events.RegistrySnapshot.Usage;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.service.http.ApiProblem;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a registry request body into a {@link RegistryRequest}, or refuses it with every field that
 * was wrong. Secrets are read but never echoed.
 */
public final class RegistryRequests {
  /** A DNS-1123 label short enough that {@code portolan-<name>} still is one. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?");

  private static final Pattern HOST_PORT_PATH =
      Pattern.compile(
          "(?<host>\\[[0-9a-fA-F:.]+]|[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
              + "(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)"
              + "(:(?<port>[0-9]{1,5}))?"
              + "(?<path>(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*)/?");
  private static final Pattern HOST =
      Pattern.compile(
          "\\[[0-9a-fA-F:.]+]|[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
              + "(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
  private static final Pattern ECR_HOST =
      Pattern.compile(
          "(?<account>[0-9]{12})\\.dkr\\.ecr\\.(?<region>[a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
  private static final Pattern GAR_HOST = Pattern.compile("[a-z0-9-]+-docker\\.pkg\\.dev");
  private static final Pattern GCR_HOST = Pattern.compile("([a-z]+\\.)?gcr\\.io");
  private static final Pattern ACR_HOST = Pattern.compile("[a-z0-9]{5,50}\\.azurecr\\.(io|cn|us)");

  private static final Set<String> TOP =
      Set.of(
          "name",
          "provider",
          "url",
          "organization",
          "visibility",
          "credentials",
          "tls",
          "connection",
          "usage",
          "defaultRegistry",
          "access",
          "tokenRefreshMinutes",
          // read-only fields a client may send back from a GET; ignored
          "id",
          "revision",
          "createdAt",
          "updatedAt");
  private static final Set<String> CREDENTIALS =
      Set.of(
          "username",
          "password",
          "authMode",
          "accessKeyId",
          "secretAccessKey",
          "region",
          "roleArn",
          "serviceAccountKey",
          "jsonKeyEncoding",
          "tenantId",
          "createRepositories",
          // read-only fields a client may send back from a GET; ignored
          "accountId",
          "clientEmail",
          "secretsSet");
  private static final Set<String> TLS = Set.of("mode", "caCertificate");
  private static final Set<String> CONNECTION = Set.of("mode", "proxy", "ssh");
  private static final Set<String> PROXY = Set.of("url", "username", "password", "passwordSet");
  private static final Set<String> SSH =
      Set.of(
          "host",
          "port",
          "user",
          "privateKey",
          "password",
          "knownHostKey",
          "privateKeySet",
          "passwordSet");
  private static final Set<String> USAGE =
      Set.of("pushImages", "pushHelm", "chartRepository", "chartRepositories");
  private static final Set<String> ACCESS =
      Set.of("mode", "secretName", "allClusters", "clusters", "excludeClusters");

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private RegistryRequests() {}

  /** Reads the body as a JSON object, or refuses it saying where it stopped being JSON. */
  public static ObjectNode readObject(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiProblem.invalid("body", "is empty", "send a JSON object");
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw ApiProblem.invalid(
          "body",
          "is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "a field appears twice"
              : "send a JSON object");
    } catch (IOException e) {
      throw ApiProblem.invalid("body", "could not be read", null);
    }
    if (node == null || !node.isObject()) {
      throw ApiProblem.invalid("body", "must be a JSON object", null);
    }
    return (ObjectNode) node;
  }

  /** What a request is checked against besides itself. */
  public record Rules(boolean allowLoopback, Set<String> storedSecrets) {
    public static Rules forCreate(boolean allowLoopback) {
      return new Rules(allowLoopback, Set.of());
    }
  }

  /**
   * A complete request (create, replace, or a merge patch applied to the stored registry). Secrets
   * the body leaves out keep their stored values; secrets set to {@code null} are removed.
   */
  public static RegistryRequest parse(ObjectNode body, Rules rules) {
    JsonFields f = new JsonFields();
    f.checkKnown(body, "", TOP);
    String name =
        f.requiredString(
            body, "name", "name", 50, "lower-case letters, digits and -, e.g. prod-ecr");
    if (name != null && !NAME.matcher(name).matches()) {
      f.problem(
          "name",
          "must be lower-case letters, digits and '-', start and end with a letter or digit, at"
              + " most 50 characters",
          "it names Kubernetes Secrets (portolan-<name>)");
    }
    Provider provider = f.enumValue(body, "provider", "provider", Provider.class);
    if (provider == null && !body.hasNonNull("provider")) {
      f.problem("provider", "is required", "one of ECR, DOCKER_HUB, ACR, GCR, GAR, QUAY, OTHER");
    }
    String url = f.string(body, "url", "url", 255);
    if (url == null && provider == Provider.DOCKER_HUB && !body.hasNonNull("url")) {
      url = "docker.io";
    }
    if (url == null && !body.hasNonNull("url")) {
      f.problem("url", "is required", "host[:port][/path], without a scheme");
    }
    Matcher hostMatch = null;
    if (url != null) {
      hostMatch = checkUrl(f, url, provider);
      url = url.replaceAll("/+$", "");
      if (hostMatch != null) {
        String why = Addresses.forbidden(hostMatch.group("host"), rules.allowLoopback());
        if (why != null) {
          f.problem(
              "url",
              "points at " + why,
              "registries on loopback, link-local or metadata addresses are refused unless an"
                  + " operator sets portolan.allow-loopback-registries");
        }
      }
    }
    String organization = f.string(body, "organization", "organization", 255);
    Visibility visibility = f.enumValue(body, "visibility", "visibility", Visibility.class);
    if (visibility == null) {
      visibility = Visibility.PRIVATE;
    }

    Set<String> secretsGiven = new LinkedHashSet<>();
    Set<String> secretsRemoved = new LinkedHashSet<>();
    ObjectNode creds = f.object(body, "credentials", "credentials", CREDENTIALS);
    String username = f.string(creds, "username", "credentials.username", 255);
    String password =
        secret(f, creds, "password", "credentials.password", 4096, secretsGiven, secretsRemoved);
    String authMode = f.string(creds, "authMode", "credentials.authMode", 20);
    String accessKeyId =
        secret(
            f, creds, "accessKeyId", "credentials.accessKeyId", 128, secretsGiven, secretsRemoved);
    String secretAccessKey =
        secret(
            f,
            creds,
            "secretAccessKey",
            "credentials.secretAccessKey",
            256,
            secretsGiven,
            secretsRemoved);
    String region = f.string(creds, "region", "credentials.region", 40);
    String roleArn = f.string(creds, "roleArn", "credentials.roleArn", 2048);
    String serviceAccountKey =
        secret(
            f,
            creds,
            "serviceAccountKey",
            "credentials.serviceAccountKey",
            16384,
            secretsGiven,
            secretsRemoved);
    String jsonKeyEncoding = f.string(creds, "jsonKeyEncoding", "credentials.jsonKeyEncoding", 20);
    String tenantId = f.string(creds, "tenantId", "credentials.tenantId", 64);
    Boolean createRepositories =
        f.bool(creds, "createRepositories", "credentials.createRepositories");
    String clientEmail = null;
    String accountId = null;

    if (provider == Provider.ECR && hostMatch != null) {
      Matcher ecr = ECR_HOST.matcher(hostMatch.group("host"));
      if (ecr.matches()) {
        accountId = ecr.group("account");
        if (region == null) {
          region = ecr.group("region");
        } else if (!region.equals(ecr.group("region"))) {
          f.problem(
              "credentials.region", "does not match the region in the URL", ecr.group("region"));
        }
      }
    }
    java.util.function.Predicate<String> has =
        path ->
            secretsGiven.contains(path)
                || (rules.storedSecrets().contains(path) && !secretsRemoved.contains(path));
    if (visibility == Visibility.PRIVATE && provider != null) {
      switch (provider) {
        case DOCKER_HUB, QUAY, OTHER, ACR -> {
          if (username == null) {
            f.problem(
                "credentials.username",
                "is required for a private " + provider + " registry",
                null);
          }
          if (!has.test("credentials.password")) {
            f.problem(
                "credentials.password",
                "is required for a private " + provider + " registry",
                "a password or an access token");
          }
          authMode = null;
        }
        case ECR -> {
          authMode = authMode == null ? "ACCESS_KEYS" : authMode.toUpperCase(Locale.ROOT);
          if (!authMode.equals("ACCESS_KEYS") && !authMode.equals("IAM_ROLE")) {
            f.problem("credentials.authMode", "must be ACCESS_KEYS or IAM_ROLE for ECR", null);
          } else if (authMode.equals("ACCESS_KEYS")) {
            if (!has.test("credentials.accessKeyId")) {
              f.problem("credentials.accessKeyId", "is required with authMode ACCESS_KEYS", null);
            }
            if (!has.test("credentials.secretAccessKey")) {
              f.problem(
                  "credentials.secretAccessKey", "is required with authMode ACCESS_KEYS", null);
            }
          }
          if (region == null) {
            f.problem("credentials.region", "is required for ECR", "e.g. eu-west-1");
          }
          if (Boolean.TRUE.equals(createRepositories)
              && authMode.equals("IAM_ROLE")
              && (roleArn == null || roleArn.isBlank())) {
            f.problem(
                "credentials.createRepositories",
                "needs credentials.roleArn with authMode IAM_ROLE",
                "the pusher's session is narrowed through STS AssumeRole of that role; or use"
                    + " ACCESS_KEYS (then through sts:GetFederationToken)");
          }
        }
        case GCR, GAR -> {
          authMode = authMode == null ? "ACCESS_TOKEN" : authMode.toUpperCase(Locale.ROOT);
          if (!authMode.equals("ACCESS_TOKEN") && !authMode.equals("JSON_KEY")) {
            f.problem(
                "credentials.authMode", "must be ACCESS_TOKEN or JSON_KEY for " + provider, null);
          }
          if (!has.test("credentials.serviceAccountKey")) {
            f.problem(
                "credentials.serviceAccountKey",
                "is required for " + provider,
                "the service account's JSON key file, as a string");
          } else if (serviceAccountKey != null) {
            clientEmail =
                ServiceAccountKeys.check(f, serviceAccountKey, "credentials.serviceAccountKey");
          }
          if (jsonKeyEncoding != null
              && !jsonKeyEncoding.equals("_json_key")
              && !jsonKeyEncoding.equals("_json_key_base64")) {
            f.problem("credentials.jsonKeyEncoding", "must be _json_key or _json_key_base64", null);
          }
        }
        default -> {}
      }
    }
    if (Boolean.TRUE.equals(createRepositories) && provider != null && provider != Provider.ECR) {
      f.problem(
          "credentials.createRepositories",
          "is for ECR only",
          provider + " creates a repository on the first push; leave it out");
    }

    ObjectNode tlsNode = f.object(body, "tls", "tls", TLS);
    TlsMode tlsMode = f.enumValue(tlsNode, "mode", "tls.mode", TlsMode.class);
    String ca = f.string(tlsNode, "caCertificate", "tls.caCertificate", 65536);
    if (tlsMode == TlsMode.SECURE_WITH_CA && ca == null) {
      f.problem("tls.caCertificate", "is required with mode SECURE_WITH_CA", "a PEM certificate");
    }
    if (ca != null) {
      Pem.checkCertificate(f, ca, "tls.caCertificate");
    }

    ObjectNode connection = f.object(body, "connection", "connection", CONNECTION);
    ConnectionMode connectionMode =
        f.enumValue(connection, "mode", "connection.mode", ConnectionMode.class);
    ObjectNode proxy =
        f.object(
            connection == null ? body.objectNode() : connection,
            "proxy",
            "connection.proxy",
            PROXY);
    ObjectNode ssh =
        f.object(connection == null ? body.objectNode() : connection, "ssh", "connection.ssh", SSH);
    String proxyUrl = f.string(proxy, "url", "connection.proxy.url", 2048);
    String proxyUser = f.string(proxy, "username", "connection.proxy.username", 255);
    String proxyPassword =
        secret(
            f, proxy, "password", "connection.proxy.password", 4096, secretsGiven, secretsRemoved);
    String sshHost = f.string(ssh, "host", "connection.ssh.host", 255);
    Integer sshPort = f.integer(ssh, "port", "connection.ssh.port", 1, 65535);
    String sshUser = f.string(ssh, "user", "connection.ssh.user", 255);
    String sshKey =
        secret(
            f, ssh, "privateKey", "connection.ssh.privateKey", 65536, secretsGiven, secretsRemoved);
    String sshPassword =
        secret(f, ssh, "password", "connection.ssh.password", 4096, secretsGiven, secretsRemoved);
    String knownHostKey = f.string(ssh, "knownHostKey", "connection.ssh.knownHostKey", 16384);
    if (connectionMode == ConnectionMode.PROXY && proxyUrl == null) {
      f.problem("connection.proxy.url", "is required with mode PROXY", "http://proxy.example:3128");
    }
    if (proxyUrl != null && !proxyUrl.matches("https?://[^/:@\\s]+(:[0-9]{1,5})?/?")) {
      f.problem(
          "connection.proxy.url",
          "is not an HTTP proxy URL",
          "http://host:port, without user or path (credentials go in username and password)");
    }
    if (sshKey != null && !(sshKey.contains("-----BEGIN") && sshKey.contains("PRIVATE KEY-----"))) {
      f.problem(
          "connection.ssh.privateKey",
          "is not a PEM or OpenSSH private key",
          "-----BEGIN OPENSSH PRIVATE KEY----- ... -----END OPENSSH PRIVATE KEY-----");
    }
    if (knownHostKey != null && !KnownHostKeys.valid(knownHostKey)) {
      f.problem(
          "connection.ssh.knownHostKey",
          "is not a host key",
          "as in known_hosts or ssh-keyscan output: ssh-ed25519 AAAAC3Nza...");
    }
    if (sshHost != null && !HOST.matcher(sshHost).matches()) {
      f.problem("connection.ssh.host", "is not a host name or address", null);
    }
    if (connectionMode == ConnectionMode.SSH_TUNNEL) {
      if (sshHost == null) {
        f.problem("connection.ssh.host", "is required with mode SSH_TUNNEL", null);
      }
      if (sshUser == null) {
        f.problem("connection.ssh.user", "is required with mode SSH_TUNNEL", null);
      }
      if (!has.test("connection.ssh.privateKey") && !has.test("connection.ssh.password")) {
        f.problem("connection.ssh.privateKey", "or connection.ssh.password is required", null);
      }
      if (knownHostKey == null) {
        f.problem(
            "connection.ssh.knownHostKey",
            "is required with mode SSH_TUNNEL",
            "the server's host key, as in known_hosts (ssh-ed25519 AAAA...)");
      }
    }

    ObjectNode usageNode = f.object(body, "usage", "usage", USAGE);
    Boolean pushImages = f.bool(usageNode, "pushImages", "usage.pushImages");
    Boolean pushHelm = f.bool(usageNode, "pushHelm", "usage.pushHelm");
    Boolean chartRepository = f.bool(usageNode, "chartRepository", "usage.chartRepository");
    List<String> chartRepositories =
        f.strings(usageNode, "chartRepositories", "usage.chartRepositories", 1000, 255);
    if (chartRepositories != null) {
      for (int i = 0; i < chartRepositories.size(); i++) {
        if (!io.portolan.oci.RegistryClient.REPOSITORY_NAME
            .matcher(chartRepositories.get(i))
            .matches()) {
          f.problem(
              "usage.chartRepositories[" + i + "]",
              "is not a valid OCI repository name",
              "lower-case letters and digits separated by . _ __ - or /");
        }
      }
    }

    Boolean isDefault = f.bool(body, "defaultRegistry", "defaultRegistry");
    ObjectNode accessNode = f.object(body, "access", "access", ACCESS);
    AccessMode accessMode = f.enumValue(accessNode, "mode", "access.mode", AccessMode.class);
    String secretName = f.string(accessNode, "secretName", "access.secretName", 253);
    Boolean allClusters = f.bool(accessNode, "allClusters", "access.allClusters");
    List<String> clusters = f.strings(accessNode, "clusters", "access.clusters", 1000, 253);
    List<String> exclude =
        f.strings(accessNode, "excludeClusters", "access.excludeClusters", 1000, 253);
    if (accessMode == AccessMode.IMAGE_PULL_SECRET_NAME && secretName == null) {
      f.problem("access.secretName", "is required with mode IMAGE_PULL_SECRET_NAME", null);
    }
    if (secretName != null
        && !secretName.matches(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
      f.problem("access.secretName", "is not a valid Kubernetes Secret name", null);
    }
    Integer refresh = f.integer(body, "tokenRefreshMinutes", "tokenRefreshMinutes", 1, 10080);

    if (!f.problems().isEmpty()) {
      throw ApiProblem.invalid(f.problems());
    }
    if (accessNode != null && allClusters == null) {
      allClusters = clusters == null || clusters.isEmpty();
    }
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            name,
            provider,
            url,
            organization,
            visibility,
            new ProviderSettings(
                username,
                authMode,
                region,
                accountId,
                roleArn,
                clientEmail,
                tenantId,
                jsonKeyEncoding,
                createRepositories),
            new Tls(tlsMode, ca),
            new Connection(
                connectionMode, proxyUrl, proxyUser, sshHost, sshPort, sshUser, knownHostKey),
            new Usage(
                pushImages == null || pushImages,
                Boolean.TRUE.equals(pushHelm),
                Boolean.TRUE.equals(chartRepository),
                chartRepositories),
            Boolean.TRUE.equals(isDefault),
            accessNode == null
                ? CredentialAccess.ALL_CLUSTERS
                : new CredentialAccess(accessMode, secretName, allClusters, clusters, exclude),
            refresh);
    RootCredentials secrets =
        new RootCredentials(
            RootCredentials.SCHEMA_VERSION,
            username,
            password,
            accessKeyId,
            secretAccessKey,
            serviceAccountKey,
            proxyPassword,
            sshKey,
            sshPassword);
    return new RegistryRequest(snapshot, secrets, secretsGiven, secretsRemoved);
  }

  private static String secret(
      JsonFields f,
      JsonNode parent,
      String name,
      String path,
      int max,
      Set<String> given,
      Set<String> removed) {
    if (parent != null && parent.has(name) && parent.get(name).isNull()) {
      removed.add(path);
      return null;
    }
    String value = f.string(parent, name, path, max);
    if (value != null) {
      if (value.isEmpty()) {
        f.problem(path, "must not be empty", "leave the field out to keep the stored value");
        return null;
      }
      given.add(path);
    }
    return value;
  }

  private static Matcher checkUrl(JsonFields f, String url, Provider provider) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      f.problem(
          "url",
          "must not have a scheme",
          "drop '" + url.substring(0, url.indexOf("://") + 3) + "': write host[:port][/path]");
      return null;
    }
    Matcher m = HOST_PORT_PATH.matcher(url);
    if (!m.matches()) {
      f.problem("url", "is not host[:port][/path]", "e.g. registry.example.com:5000/team");
      return null;
    }
    if (m.group("port") != null) {
      int port = Integer.parseInt(m.group("port"));
      if (port < 1 || port > 65535) {
        f.problem("url", "has a port outside 1-65535", null);
        return null;
      }
    }
    String host = m.group("host").toLowerCase(Locale.ROOT);
    if (provider != null) {
      switch (provider) {
        case ECR -> {
          if (!ECR_HOST.matcher(host).matches()) {
            f.problem(
                "url",
                "is not an ECR registry host",
                "<12-digit account>.dkr.ecr.<region>.amazonaws.com");
          }
        }
        case GAR -> {
          if (!GAR_HOST.matcher(host).matches()) {
            f.problem("url", "is not an Artifact Registry host", "<location>-docker.pkg.dev");
          }
        }
        case GCR -> {
          if (!GCR_HOST.matcher(host).matches() && !GAR_HOST.matcher(host).matches()) {
            f.problem("url", "is not a Container Registry host", "gcr.io, eu.gcr.io, ...");
          }
        }
        case ACR -> {
          if (!ACR_HOST.matcher(host).matches()) {
            f.problem("url", "is not an Azure Container Registry host", "<name>.azurecr.io");
          }
        }
        default -> {}
      }
    }
    return m;
  }
}

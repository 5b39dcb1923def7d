package io.portolan.testkit.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.portolan.events.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * AWS as Portolan meets it, on one port: ECR's {@code GetAuthorizationToken}, {@code
 * CreateRepository} and {@code DescribeRepositories} (JSON 1.1 protocol, {@code X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.<operation>}) and STS's {@code AssumeRole} and {@code
 * GetFederationToken} (query protocol, XML answers). It checks what AWS checks:
 *
 * <ul>
 *   <li>every request's SigV4 signature, with the secret of the access key it names; temporary
 *       credentials must come with their session token, signed;
 *   <li>session policies: a session from AssumeRole or GetFederationToken given a {@code Policy}
 *       may only do what that policy allows, a federation token without one may do nothing;
 *       GetFederationToken refuses session credentials, and session durations have AWS's bounds (a
 *       role's maximum, one hour when chaining roles, 900 s to 36 h when federating);
 *   <li>repository names against ECR's grammar, and a repository that exists already.
 * </ul>
 *
 * Errors are AWS's codes and messages. The repositories it creates are what an {@link EcrRegistry}
 * in front of a test registry lets pushes into. Point the SDK at {@link #uri()} for both ECR and
 * STS.
 */
public final class AwsPeer extends ScriptedPeer {
  public static final String ECR_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
  public static final String ECR_TARGET = ECR_PREFIX + "GetAuthorizationToken";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern REPOSITORY_NAME =
      Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
  private static final Pattern FEDERATED_NAME = Pattern.compile("[\\w+=,.@-]{2,32}");

  /**
   * A signing identity the peer knows.
   *
   * @param sessionToken null for an IAM user's long-term key
   * @param sessionPolicy the policy a session was narrowed with; null when it was not
   * @param federated a session from GetFederationToken (which has no permissions without a policy)
   * @param identity whose permissions apply: the user's ARN, the role's, or the federating user's
   */
  public record Principal(
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      String arn,
      JsonNode sessionPolicy,
      boolean federated,
      String identity) {
    Principal(String accessKeyId, String secretAccessKey, String sessionToken, String arn) {
      this(accessKeyId, secretAccessKey, sessionToken, arn, null, false, arn);
    }

    @Override
    public String toString() {
      return "Principal[" + accessKeyId + ", " + arn + "]";
    }
  }

  private record Caller(Principal principal, String region) {}

  private final Map<String, Principal> principals = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> assumable = new ConcurrentHashMap<>(); // role -> keys
  private final List<String> tokenCallers = new CopyOnWriteArrayList<>();
  private final List<Instant> tokenTimes = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> tokenListeners = new CopyOnWriteArrayList<>();
  private final Map<String, Set<String>> denied = new ConcurrentHashMap<>(); // identity -> actions
  private final Map<String, Duration> roleMaxSession = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> repositories = new ConcurrentHashMap<>(); // acct/region
  private final List<String> createCallers = new CopyOnWriteArrayList<>();
  private volatile Duration tokenLifetime = Duration.ofHours(12);

  private AwsPeer() {
    super("aws");
    route("/", this::handle);
    listen();
  }

  public static AwsPeer start() {
    return new AwsPeer();
  }

  /** An IAM user's access key. */
  public AwsPeer user(String accessKeyId, String secretAccessKey, String arn) {
    principals.put(accessKeyId, new Principal(accessKeyId, secretAccessKey, null, arn));
    return this;
  }

  /** Lets the access key assume the role. */
  public AwsPeer trust(String roleArn, String accessKeyId) {
    assumable.computeIfAbsent(roleArn, r -> ConcurrentHashMap.newKeySet()).add(accessKeyId);
    return this;
  }

  /**
   * Takes an action ({@code sts:GetFederationToken}, {@code ecr:CreateRepository}, …) away from a
   * user or role (by ARN), and so from every session that comes from it.
   */
  public AwsPeer deny(String identityArn, String action) {
    denied.computeIfAbsent(identityArn, k -> ConcurrentHashMap.newKeySet()).add(action);
    return this;
  }

  /** Sets the role's maximum session duration (AWS's default is one hour). */
  public AwsPeer maxSession(String roleArn, Duration max) {
    roleMaxSession.put(roleArn, max);
    return this;
  }

  /** Whether the repository exists in the account's registry in the region. */
  public boolean repositoryExists(String account, String region, String name) {
    return repositories.getOrDefault(account + "/" + region, Set.of()).contains(name);
  }

  /** Creates a repository as someone with the console would. */
  public void createRepository(String account, String region, String name) {
    repositories
        .computeIfAbsent(account + "/" + region, k -> ConcurrentHashMap.newKeySet())
        .add(name);
  }

  /** The repositories of the account's registry in the region. */
  public Set<String> repositories(String account, String region) {
    return Set.copyOf(repositories.getOrDefault(account + "/" + region, Set.of()));
  }

  /** The principal ARN behind each CreateRepository answered, in order. */
  public List<String> createCallers() {
    return List.copyOf(createCallers);
  }

  /** Called with each registry password issued (to let a test registry accept it). */
  public void onToken(Consumer<String> listener) {
    tokenListeners.add(listener);
  }

  public void setTokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
  }

  /** The principal ARN behind each GetAuthorizationToken answered, in order. */
  public List<String> tokenCallers() {
    return List.copyOf(tokenCallers);
  }

  /** When each GetAuthorizationToken was answered, in order. */
  public List<Instant> tokenTimes() {
    return List.copyOf(tokenTimes);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] payload = exchange.getRequestBody().readAllBytes();
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      count(target.startsWith(ECR_PREFIX) ? target.substring(ECR_PREFIX.length()) : target);
      ecr(exchange, payload, target);
    } else {
      String action = form(new String(payload, StandardCharsets.UTF_8)).get("Action");
      count(action == null ? "AssumeRole" : action);
      sts(exchange, payload);
    }
  }

  private Caller authenticate(HttpExchange exchange, byte[] payload, String service)
      throws SigV4.Refused {
    SigV4.Claim claim = SigV4.claim(exchange);
    if (!claim.service().equals(service)) {
      throw new SigV4.Refused(
          "InvalidSignatureException",
          "Credential should be scoped to correct service: '" + service + "'.");
    }
    Principal principal = principals.get(claim.accessKeyId());
    if (principal == null) {
      throw new SigV4.Refused(
          service.equals("sts") ? "InvalidClientTokenId" : "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
    if (principal.sessionToken() != null) {
      String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
      String signed = exchange.getRequestHeaders().getFirst("Authorization");
      if (!principal.sessionToken().equals(token)
          || signed == null
          || !signed.contains("x-amz-security-token")) {
        throw new SigV4.Refused(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.");
      }
    }
    SigV4.verify(exchange, payload, principal.secretAccessKey(), Instant.now());
    return new Caller(principal, claim.region());
  }

  private void ecr(HttpExchange exchange, byte[] payload, String target) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    String operation =
        target.startsWith(ECR_PREFIX) ? target.substring(ECR_PREFIX.length()) : target;
    if (!Set.of("GetAuthorizationToken", "CreateRepository", "DescribeRepositories")
            .contains(operation)
        || type == null
        || !type.startsWith("application/x-amz-json-1.1")) {
      jsonError(exchange, 400, "UnknownOperationException", "Unknown operation " + target);
      return;
    }
    Caller caller;
    try {
      caller = authenticate(exchange, payload, "ecr");
    } catch (SigV4.Refused e) {
      jsonError(
          exchange, e.code.equals("AccessDeniedException") ? 400 : 403, e.code, e.getMessage());
      return;
    }
    switch (operation) {
      case "CreateRepository" -> createRepository(exchange, payload, caller);
      case "DescribeRepositories" -> describeRepositories(exchange, payload, caller);
      default -> authorizationToken(exchange, caller);
    }
  }

  private void authorizationToken(HttpExchange exchange, Caller caller) throws IOException {
    Principal principal = caller.principal();
    if (!allowed(principal, "ecr:GetAuthorizationToken", "*")) {
      denied(exchange, principal, "ecr:GetAuthorizationToken", "*");
      return;
    }
    byte[] secret = new byte[96];
    RANDOM.nextBytes(secret);
    String password = Base64.getEncoder().encodeToString(secret);
    Instant expires = Instant.now().plus(tokenLifetime);
    tokenCallers.add(principal.arn());
    tokenTimes.add(Instant.now());
    tokenListeners.forEach(l -> l.accept(password));
    ObjectNode data = EventJson.mapper().createObjectNode();
    data.put(
        "authorizationToken",
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)));
    data.put("expiresAt", expires.toEpochMilli() / 1000.0);
    data.put(
        "proxyEndpoint", "https://" + accountOf(principal.arn()) + ".dkr.ecr.region.amazonaws.com");
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.putArray("authorizationData").add(data);
    respond(exchange, 200, "application/x-amz-json-1.1", body.toString());
  }

  private void createRepository(HttpExchange exchange, byte[] payload, Caller caller)
      throws IOException {
    JsonNode request = EventJson.mapper().readTree(payload);
    String account = accountOf(caller.principal().arn());
    String name = request.path("repositoryName").asText(null);
    String registryId = request.path("registryId").asText(account);
    if (name == null
        || name.length() < 2
        || name.length() > 256
        || !REPOSITORY_NAME.matcher(name).matches()) {
      jsonError(
          exchange,
          400,
          "InvalidParameterException",
          "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy"
              + " regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'"
              + " and have length between 2 and 256'");
      return;
    }
    String arn = "arn:aws:ecr:" + caller.region() + ":" + registryId + ":repository/" + name;
    if (!registryId.equals(account) || !allowed(caller.principal(), "ecr:CreateRepository", arn)) {
      denied(exchange, caller.principal(), "ecr:CreateRepository", arn);
      return;
    }
    Set<String> existing =
        repositories.computeIfAbsent(
            registryId + "/" + caller.region(), k -> ConcurrentHashMap.newKeySet());
    if (!existing.add(name)) {
      jsonError(
          exchange,
          400,
          "RepositoryAlreadyExistsException",
          "The repository with name '"
              + name
              + "' already exists in the registry with id '"
              + registryId
              + "'");
      return;
    }
    createCallers.add(caller.principal().arn());
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.set("repository", repositoryJson(registryId, caller.region(), name));
    respond(exchange, 200, "application/x-amz-json-1.1", body.toString());
  }

  private void describeRepositories(HttpExchange exchange, byte[] payload, Caller caller)
      throws IOException {
    JsonNode request = EventJson.mapper().readTree(payload);
    String account = accountOf(caller.principal().arn());
    String registryId = request.path("registryId").asText(account);
    Set<String> existing = repositories.getOrDefault(registryId + "/" + caller.region(), Set.of());
    ObjectNode body = EventJson.mapper().createObjectNode();
    var list = body.putArray("repositories");
    for (JsonNode n : request.path("repositoryNames")) {
      String arn =
          "arn:aws:ecr:" + caller.region() + ":" + registryId + ":repository/" + n.asText();
      if (!allowed(caller.principal(), "ecr:DescribeRepositories", arn)) {
        denied(exchange, caller.principal(), "ecr:DescribeRepositories", arn);
        return;
      }
      if (!existing.contains(n.asText())) {
        jsonError(
            exchange,
            400,
            "RepositoryNotFoundException",
            "The repository with name '"
                + n.asText()
                + "' does not exist in the registry with id '"
                + registryId
                + "'");
        return;
      }
      list.add(repositoryJson(registryId, caller.region(), n.asText()));
    }
    respond(exchange, 200, "application/x-amz-json-1.1", body.toString());
  }

  private static ObjectNode repositoryJson(String account, String region, String name) {
    ObjectNode repository = EventJson.mapper().createObjectNode();
    repository.put(
        "repositoryArn", "arn:aws:ecr:" + region + ":" + account + ":repository/" + name);
    repository.put("registryId", account);
    repository.put("repositoryName", name);
    repository.put("repositoryUri", account + ".dkr.ecr." + region + ".amazonaws.com/" + name);
    repository.put("createdAt", Instant.now().getEpochSecond());
    repository.put("imageTagMutability", "MUTABLE");
    return repository;
  }

  /**
   * Whether the principal may do the action on the resource: users and role sessions without a
   * session policy may do anything here; a session policy allows only what its Allow statements
   * name; a federation token without a policy may do nothing.
   */
  private boolean allowed(Principal principal, String action, String resource) {
    if (denied.getOrDefault(principal.identity(), Set.of()).contains(action)) {
      return false;
    }
    JsonNode policy = principal.sessionPolicy();
    if (policy == null) {
      return !principal.federated();
    }
    for (JsonNode statement : policy.path("Statement")) {
      if (!"Allow".equals(statement.path("Effect").asText())) {
        continue;
      }
      if (matchesAny(statement.path("Action"), action)
          && matchesAny(statement.path("Resource"), resource)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAny(JsonNode patterns, String value) {
    List<JsonNode> list = new java.util.ArrayList<>();
    if (patterns.isArray()) {
      patterns.forEach(list::add);
    } else if (!patterns.isMissingNode()) {
      list.add(patterns);
    }
    for (JsonNode p : list) {
      String regex =
          java.util.Arrays.stream(p.asText().split("\\*", -1))
              .map(Pattern::quote)
              .collect(java.util.stream.Collectors.joining(".*"));
      if (Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private void denied(HttpExchange exchange, Principal principal, String action, String resource)
      throws IOException {
    boolean byIdentity = denied.getOrDefault(principal.identity(), Set.of()).contains(action);
    jsonError(
        exchange,
        400,
        "AccessDeniedException",
        "User: "
            + principal.arn()
            + " is not authorized to perform: "
            + action
            + " on resource: "
            + resource
            + (byIdentity
                ? " because no identity-based policy allows the " + action + " action"
                : principal.sessionPolicy() != null || principal.federated()
                    ? " because no session policy allows the " + action + " action"
                    : ""));
  }

  private void sts(HttpExchange exchange, byte[] payload) throws IOException {
    Map<String, String> form = form(new String(payload, StandardCharsets.UTF_8));
    String action = form.get("Action");
    if (!"AssumeRole".equals(action) && !"GetFederationToken".equals(action)) {
      xmlError(exchange, 400, "InvalidAction", "Could not find operation " + action);
      return;
    }
    Principal caller;
    try {
      caller = authenticate(exchange, payload, "sts").principal();
    } catch (SigV4.Refused e) {
      xmlError(exchange, 403, e.code, e.getMessage());
      return;
    }
    JsonNode policy = null;
    if (form.get("Policy") != null) {
      if (form.get("Policy").length() > 2048) {
        xmlError(
            exchange,
            400,
            "PackedPolicyTooLarge",
            "Packed size of consolidated policies exceeds the allowed limit");
        return;
      }
      try {
        policy = EventJson.mapper().readTree(form.get("Policy"));
      } catch (IOException e) {
        xmlError(exchange, 400, "MalformedPolicyDocument", "The policy is not valid JSON");
        return;
      }
    }
    if ("GetFederationToken".equals(action)) {
      federationToken(exchange, form, caller, policy);
      return;
    }
    String role = form.get("RoleArn");
    String session = form.get("RoleSessionName");
    if (role == null || session == null) {
      xmlError(exchange, 400, "ValidationError", "RoleArn and RoleSessionName are required");
      return;
    }
    Set<String> trusted = assumable.getOrDefault(role, Set.of());
    if (!trusted.contains(caller.accessKeyId())) {
      xmlError(
          exchange,
          403,
          "AccessDenied",
          "User: "
              + caller.arn()
              + " is not authorized to perform: sts:AssumeRole on resource: "
              + role);
      return;
    }
    long seconds = Long.parseLong(form.getOrDefault("DurationSeconds", "3600"));
    Duration max = roleMaxSession.getOrDefault(role, Duration.ofHours(1));
    if (caller.sessionToken() != null && seconds > 3600) {
      xmlError(
          exchange,
          400,
          "ValidationError",
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by"
              + " role chaining.");
      return;
    }
    if (seconds < 900 || seconds > max.toSeconds()) {
      xmlError(
          exchange,
          400,
          "ValidationError",
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
      return;
    }
    String assumedArn =
        "arn:aws:sts::"
            + accountOf(role)
            + ":assumed-role/"
            + role.substring(role.lastIndexOf('/') + 1)
            + "/"
            + session;
    Principal issued = session(assumedArn, policy, false, role);
    Instant expires = Instant.now().plusSeconds(seconds);
    String xml =
        """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            %s
            <AssumedRoleUser>
              <AssumedRoleId>AROAEXAMPLE:%s</AssumedRoleId>
              <Arn>%s</Arn>
            </AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """
            .formatted(
                credentialsXml(issued, expires), session, assumedArn, java.util.UUID.randomUUID());
    respond(exchange, 200, "text/xml", xml);
  }

  private void federationToken(
      HttpExchange exchange, Map<String, String> form, Principal caller, JsonNode policy)
      throws IOException {
    if (caller.sessionToken() != null) {
      xmlError(
          exchange, 403, "AccessDenied", "Cannot call GetFederationToken with session credentials");
      return;
    }
    if (denied.getOrDefault(caller.identity(), Set.of()).contains("sts:GetFederationToken")) {
      xmlError(
          exchange,
          403,
          "AccessDenied",
          "User: "
              + caller.arn()
              + " is not authorized to perform: sts:GetFederationToken on resource: "
              + "arn:aws:sts::"
              + accountOf(caller.arn())
              + ":federated-user/"
              + form.get("Name"));
      return;
    }
    String name = form.get("Name");
    if (name == null || !FEDERATED_NAME.matcher(name).matches()) {
      xmlError(
          exchange,
          400,
          "ValidationError",
          "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must"
              + " satisfy regular expression pattern: [\\w+=,.@-]+ and have length between 2 and"
              + " 32");
      return;
    }
    long seconds = Long.parseLong(form.getOrDefault("DurationSeconds", "43200"));
    if (seconds < 900 || seconds > 129600) {
      xmlError(
          exchange,
          400,
          "ValidationError",
          "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint:"
              + " Member must have value between 900 and 129600");
      return;
    }
    String account = accountOf(caller.arn());
    String federatedArn = "arn:aws:sts::" + account + ":federated-user/" + name;
    Principal issued = session(federatedArn, policy, true, caller.identity());
    Instant expires = Instant.now().plusSeconds(seconds);
    String xml =
        """
        <GetFederationTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetFederationTokenResult>
            %s
            <FederatedUser>
              <Arn>%s</Arn>
              <FederatedUserId>%s:%s</FederatedUserId>
            </FederatedUser>
            <PackedPolicySize>%d</PackedPolicySize>
          </GetFederationTokenResult>
          <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
        </GetFederationTokenResponse>
        """
            .formatted(
                credentialsXml(issued, expires),
                federatedArn,
                account,
                name,
                policy == null ? 0 : Math.max(1, form.get("Policy").length() * 100 / 2048),
                java.util.UUID.randomUUID());
    respond(exchange, 200, "text/xml", xml);
  }

  /** Temporary credentials for a new session, which the peer then accepts. */
  private Principal session(String arn, JsonNode policy, boolean federated, String identity) {
    String keyId = "ASIA" + random(16).toUpperCase().replaceAll("[^A-Z0-9]", "X");
    Principal principal =
        new Principal(keyId, random(30), random(120), arn, policy, federated, identity);
    principals.put(keyId, principal);
    return principal;
  }

  private static String credentialsXml(Principal p, Instant expires) {
    return """
        <Credentials>
          <AccessKeyId>%s</AccessKeyId>
          <SecretAccessKey>%s</SecretAccessKey>
          <SessionToken>%s</SessionToken>
          <Expiration>%s</Expiration>
        </Credentials>"""
        .formatted(p.accessKeyId(), p.secretAccessKey(), p.sessionToken(), expires);
  }

  private static String accountOf(String arn) {
    String[] parts = arn.split(":");
    return parts.length > 4 ? parts[4] : "000000000000";
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void jsonError(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("__type", code);
    body.put("message", message);
    exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
    respond(exchange, status, "application/x-amz-json-1.1", body.toString());
  }

  private static void xmlError(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    respond(
        exchange,
        status,
        "text/xml",
        """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
          <RequestId>%s</RequestId>
        </ErrorResponse>
        """
            .formatted(
                code,
                message.replace("&", "&amp;").replace("<", "&lt;"),
                java.util.UUID.randomUUID()));
  }

  /** An ECR throttle, as ECR answers it. */
  public static Failure throttled() {
    return new Failure(
        400,
        "application/x-amz-json-1.1",
        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}",
        null);
  }
}

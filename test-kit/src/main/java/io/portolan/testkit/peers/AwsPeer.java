package io.portolan.testkit.peers;

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

/**
 * AWS as the minter meets it: ECR's {@code GetAuthorizationToken} (JSON 1.1 protocol, {@code
 * X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken}) and STS's {@code
 * AssumeRole} (query protocol, XML answers), both on one port. Every request's SigV4 signature is
 * verified with the secret of the access key it names; temporary credentials from AssumeRole must
 * come with their session token, signed. Errors are AWS's codes and messages.
 *
 * <p>Point the SDK at {@link #uri()} for both ECR and STS.
 */
public final class AwsPeer extends ScriptedPeer {
  public static final String ECR_TARGET =
      "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A signing identity the peer knows. */
  public record Principal(
      String accessKeyId, String secretAccessKey, String sessionToken, String arn) {
    @Override
    public String toString() {
      return "Principal[" + accessKeyId + ", " + arn + "]";
    }
  }

  private final Map<String, Principal> principals = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> assumable = new ConcurrentHashMap<>(); // role -> keys
  private final List<String> tokenCallers = new CopyOnWriteArrayList<>();
  private final List<Instant> tokenTimes = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> tokenListeners = new CopyOnWriteArrayList<>();
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
      count("GetAuthorizationToken");
      ecr(exchange, payload, target);
    } else {
      count("AssumeRole");
      sts(exchange, payload);
    }
  }

  private Principal authenticate(HttpExchange exchange, byte[] payload, String service)
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
    return principal;
  }

  private void ecr(HttpExchange exchange, byte[] payload, String target) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!ECR_TARGET.equals(target)
        || type == null
        || !type.startsWith("application/x-amz-json-1.1")) {
      jsonError(exchange, 400, "UnknownOperationException", "Unknown operation " + target);
      return;
    }
    Principal principal;
    try {
      principal = authenticate(exchange, payload, "ecr");
    } catch (SigV4.Refused e) {
      jsonError(
          exchange, e.code.equals("AccessDeniedException") ? 400 : 403, e.code, e.getMessage());
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

  private void sts(HttpExchange exchange, byte[] payload) throws IOException {
    Map<String, String> form = form(new String(payload, StandardCharsets.UTF_8));
    if (!"AssumeRole".equals(form.get("Action"))) {
      xmlError(exchange, 400, "InvalidAction", "Could not find operation " + form.get("Action"));
      return;
    }
    Principal caller;
    try {
      caller = authenticate(exchange, payload, "sts");
    } catch (SigV4.Refused e) {
      xmlError(exchange, 403, e.code, e.getMessage());
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
    String keyId = "ASIA" + random(16).toUpperCase().replaceAll("[^A-Z0-9]", "X");
    String secret = random(30);
    String sessionToken = random(120);
    String assumedArn =
        "arn:aws:sts::"
            + accountOf(role)
            + ":assumed-role/"
            + role.substring(role.lastIndexOf('/') + 1)
            + "/"
            + session;
    principals.put(keyId, new Principal(keyId, secret, sessionToken, assumedArn));
    Instant expires =
        Instant.now().plusSeconds(Long.parseLong(form.getOrDefault("DurationSeconds", "3600")));
    String xml =
        """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>%s</AccessKeyId>
              <SecretAccessKey>%s</SecretAccessKey>
              <SessionToken>%s</SessionToken>
              <Expiration>%s</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <AssumedRoleId>AROAEXAMPLE:%s</AssumedRoleId>
              <Arn>%s</Arn>
            </AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """
            .formatted(
                keyId,
                secret,
                sessionToken,
                expires,
                session,
                assumedArn,
                java.util.UUID.randomUUID());
    respond(exchange, 200, "text/xml", xml);
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

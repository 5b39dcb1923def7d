package io.portolan.testkit.peers;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way AWS does: rebuilds the canonical request from what
 * arrived, derives the signing key from the secret the peer knows for the access key, and compares
 * signatures. Written from the SigV4 specification, independent of the SDK that signs.
 */
final class SigV4 {
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request,\\s*SignedHeaders=(?<headers>[^,]+),\\s*Signature=(?<signature>[0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What the signature claims: who signed, for which region and service. */
  record Claim(String accessKeyId, String date, String region, String service) {}

  /** A refusal in AWS's words. */
  static final class Refused extends Exception {
    final String code;

    Refused(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  private SigV4() {}

  static Claim claim(HttpExchange exchange) throws Refused {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null) {
      throw new Refused("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      throw new Refused(
          "IncompleteSignatureException",
          "Authorization header requires Credential, SignedHeaders and Signature");
    }
    return new Claim(m.group("key"), m.group("date"), m.group("region"), m.group("service"));
  }

  /** Verifies the request's signature with the secret; throws as AWS would. */
  static void verify(HttpExchange exchange, byte[] payload, String secret, Instant now)
      throws Refused {
    Matcher m = AUTHORIZATION.matcher(exchange.getRequestHeaders().getFirst("Authorization"));
    if (!m.matches()) {
      throw new Refused("IncompleteSignatureException", "bad Authorization header");
    }
    String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
    if (amzDate == null || !amzDate.startsWith(m.group("date"))) {
      throw new Refused("IncompleteSignatureException", "X-Amz-Date is missing or does not match");
    }
    Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    if (Duration.between(signedAt, now).abs().compareTo(Duration.ofMinutes(15)) > 0) {
      throw new Refused("InvalidSignatureException", "Signature expired: " + amzDate);
    }
    List<String> signed = List.of(m.group("headers").split(";"));
    if (!signed.contains("host") || !signed.contains("x-amz-date")) {
      throw new Refused("InvalidSignatureException", "host and x-amz-date must be signed");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signed) {
      List<String> values = exchange.getRequestHeaders().get(name);
      if (values == null) {
        throw new Refused("InvalidSignatureException", "signed header " + name + " is missing");
      }
      List<String> trimmed = new ArrayList<>();
      values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
      canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    URI uri = exchange.getRequestURI();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = canonicalQuery(uri.getRawQuery());
    String payloadHash =
        exchange.getRequestHeaders().getFirst("X-Amz-Content-Sha256") != null
            ? exchange.getRequestHeaders().getFirst("X-Amz-Content-Sha256")
            : hex(sha256(payload));
    String canonicalRequest =
        exchange.getRequestMethod()
            + "\n"
            + path
            + "\n"
            + query
            + "\n"
            + canonicalHeaders
            + "\n"
            + m.group("headers")
            + "\n"
            + payloadHash;
    String scope =
        m.group("date") + "/" + m.group("region") + "/" + m.group("service") + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), m.group("date"));
    key = hmac(key, m.group("region"));
    key = hmac(key, m.group("service"));
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, stringToSign));
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        m.group("signature").getBytes(StandardCharsets.US_ASCII))) {
      throw new Refused(
          "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method.");
    }
  }

  private static String canonicalQuery(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>(List.of(raw.split("&")));
    pairs.replaceAll(p -> p.contains("=") ? p : p + "=");
    pairs.sort(null);
    return String.join("&", pairs);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
  }
}

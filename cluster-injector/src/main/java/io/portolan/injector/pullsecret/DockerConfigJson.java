package io.portolan.injector.pullsecret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The {@code .dockerconfigjson} of a {@code kubernetes.io/dockerconfigjson} Secret, written as
 * {@code kubectl create secret docker-registry} writes it: {@code {"auths":{"<server>":
 * {"username","password","auth"}}}} with {@code auth} = base64 of {@code username:password}.
 */
public final class DockerConfigJson {
  private DockerConfigJson() {}

  public static byte[] of(String server, String username, String password) {
    ObjectNode root = EventJson.mapper().createObjectNode();
    ObjectNode entry = root.putObject("auths").putObject(server);
    entry.put("username", username);
    entry.put("password", password);
    entry.put(
        "auth",
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

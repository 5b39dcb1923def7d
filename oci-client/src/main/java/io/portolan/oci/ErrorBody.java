package io.portolan.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A registry's error body: {@code {"errors":[{"code","message","detail"}]}}, or plain text (the
 * distribution registry answers unknown routes with "404 page not found").
 */
record ErrorBody(List<String> codes, List<String> messages) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ErrorBody read(Response response) {
    String text = response.bodyText(8192);
    List<String> codes = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(text);
      if (root != null) {
        for (JsonNode error : root.path("errors")) {
          if (error.hasNonNull("code")) {
            codes.add(error.get("code").asText());
          }
          if (error.hasNonNull("message")) {
            messages.add(error.get("message").asText());
          }
        }
      }
    } catch (java.io.IOException e) {
      String plain = text.strip();
      if (!plain.isEmpty()) {
        messages.add(plain.length() > 200 ? plain.substring(0, 200) + "…" : plain);
      }
    }
    return new ErrorBody(List.copyOf(codes), List.copyOf(messages));
  }

  /** {@code ": message; message"}, or empty. */
  String suffix() {
    return messages.isEmpty() ? "" : ": " + String.join("; ", messages);
  }
}

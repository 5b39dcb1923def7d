package io.portolan.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Posts {@code application/x-www-form-urlencoded} forms to OAuth2 endpoints and reads JSON back,
 * with a timeout per attempt and up to three attempts on network errors, 429 and 5xx (exponential
 * backoff with jitter, honouring {@code Retry-After}). Form values are never logged or put in
 * messages.
 */
final class FormClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 3;

  /** A JSON answer and its status. */
  record Answer(int status, JsonNode body) {
    String error() {
      String error = body.path("error").asText("");
      String description = body.path("error_description").asText("");
      String joined = (error + (description.isEmpty() ? "" : ": " + description)).strip();
      return joined.isEmpty() ? "HTTP " + status : joined;
    }
  }

  private final HttpClient http;
  private final Duration timeout;

  FormClient(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Posts the form.
   *
   * @param what the call in words, for messages: "get an Entra token"
   */
  Answer post(URI uri, Map<String, String> form, String what) throws MintException {
    StringJoiner body = new StringJoiner("&");
    form.forEach(
        (k, v) ->
            body.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw new MintException("could not " + what + " at " + origin(uri) + ": " + e, true, e);
        }
        pause(attempt, null);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MintException("interrupted while trying to " + what, true, e);
      }
      int status = response.statusCode();
      if ((status == 429 || status >= 500) && attempt < ATTEMPTS) {
        pause(attempt, response.headers().firstValue("Retry-After").orElse(null));
        continue;
      }
      JsonNode json;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException e) {
        json = JSON.createObjectNode();
      }
      return new Answer(status, json == null ? JSON.createObjectNode() : json);
    }
  }

  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static void pause(int attempt, String retryAfter) throws MintException {
    long millis = 500L << (attempt - 1);
    if (retryAfter != null) {
      try {
        millis = Math.min(10_000, Long.parseLong(retryAfter.trim()) * 1000);
      } catch (NumberFormatException e) {
        // an HTTP date: keep the computed delay
      }
    }
    millis += ThreadLocalRandom.current().nextLong(millis / 4 + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MintException("interrupted while waiting to retry", true, e);
    }
  }
}

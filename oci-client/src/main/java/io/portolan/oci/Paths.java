package io.portolan.oci;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** URL building and parsing shared by the endpoints. */
final class Paths {
  private static final Pattern LINK_NEXT =
      Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?", Pattern.CASE_INSENSITIVE);

  private Paths() {}

  static URI v2(URI base, String path) {
    return URI.create(base + "/v2/" + path);
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * The {@code rel="next"} URL of an RFC 5988 Link header, resolved against the request URL. A next
   * page on another origin is refused: following it would send credentials elsewhere.
   */
  static Optional<URI> nextLink(Response response) throws java.io.IOException {
    for (String link : response.headers("Link")) {
      Matcher m = LINK_NEXT.matcher(link);
      if (m.find()) {
        URI next = response.uri().resolve(m.group(1));
        if (!HttpTransport.sameOrigin(response.uri(), next)) {
          throw new java.io.IOException(
              "the registry's next page [" + next + "] is on another origin, which is refused");
        }
        return Optional.of(next);
      }
    }
    return Optional.empty();
  }

  /**
   * Resolves an upload {@code Location} against the request URL, refusing another host or a
   * downgrade to plain HTTP (GHSA-jxpm-75mh-9fp7).
   */
  static URI uploadLocation(Response response) throws java.io.IOException {
    String location =
        response
            .header("Location")
            .orElseThrow(() -> new java.io.IOException("the registry sent no upload Location"));
    URI resolved = response.uri().resolve(location);
    if (!HttpTransport.sameOrigin(response.uri(), resolved)) {
      throw new java.io.IOException(
          "the registry's upload Location ["
              + resolved.getScheme()
              + "://"
              + resolved.getRawAuthority()
              + "] is on another origin, which is refused");
    }
    return resolved;
  }

  /** Appends a query parameter to a URI that may already have a query. */
  static URI withParam(URI uri, String name, String value) {
    String s = uri.toString();
    return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + name + "=" + query(value));
  }
}

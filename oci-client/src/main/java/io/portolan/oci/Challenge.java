package io.portolan.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235 / RFC 6750): a scheme and its parameters, e.g.
 * {@code Bearer
 * realm="https://auth.example/token",service="registry",scope="repository:a:pull,push"}.
 */
record Challenge(String scheme, Map<String, String> params) {

  String param(String name) {
    return params.get(name);
  }

  boolean isBearer() {
    return scheme.equalsIgnoreCase("bearer");
  }

  boolean isBasic() {
    return scheme.equalsIgnoreCase("basic");
  }

  /** The challenge's {@code scope}, split on spaces; empty when absent. */
  List<String> scopes() {
    String scope = params.get("scope");
    return scope == null || scope.isBlank() ? List.of() : List.of(scope.trim().split("\\s+"));
  }

  /** Parses every challenge in the header values; unparseable parts are dropped. */
  static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> result = new ArrayList<>();
    for (String value : headerValues) {
      result.addAll(parse(value));
    }
    return result;
  }

  static List<Challenge> parse(String header) {
    List<Challenge> challenges = new ArrayList<>();
    int i = 0;
    int n = header.length();
    String scheme = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
        i++;
      }
      int start = i;
      while (i < n && isToken(header.charAt(i))) {
        i++;
      }
      if (start == i) {
        i++; // skip a stray character
        continue;
      }
      String token = header.substring(start, i);
      int j = i;
      while (j < n && header.charAt(j) == ' ') {
        j++;
      }
      if (j < n && header.charAt(j) == '=') {
        // a parameter of the current challenge
        j++;
        while (j < n && header.charAt(j) == ' ') {
          j++;
        }
        StringBuilder value = new StringBuilder();
        if (j < n && header.charAt(j) == '"') {
          j++;
          while (j < n && header.charAt(j) != '"') {
            if (header.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            value.append(header.charAt(j++));
          }
          j++; // closing quote
        } else {
          while (j < n && header.charAt(j) != ',') {
            value.append(header.charAt(j++));
          }
        }
        if (scheme != null) {
          params.put(token.toLowerCase(Locale.ROOT), value.toString().trim());
        }
        i = j;
      } else {
        // a new scheme
        if (scheme != null) {
          challenges.add(new Challenge(scheme, Map.copyOf(params)));
        }
        scheme = token;
        params = new LinkedHashMap<>();
        i = j;
      }
    }
    if (scheme != null) {
      challenges.add(new Challenge(scheme, Map.copyOf(params)));
    }
    return challenges;
  }

  private static boolean isToken(char c) {
    return Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}

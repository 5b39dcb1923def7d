package io.portolan.indexer.index;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict semantic versions, as Helm lists OCI tags: {@code _} in a tag stands for {@code +}; tags
 * that are not strict semver are not chart versions. Ordered by SemVer 2.0.0 precedence.
 */
public final class SemanticVersions {
  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  /** Highest precedence first; build metadata breaks ties by text so the order is total. */
  public static final Comparator<String> NEWEST_FIRST = SemanticVersions::compare;

  private SemanticVersions() {}

  /** The version a tag stands for, or null when the tag is not a chart version. */
  public static String versionOfTag(String tag) {
    String version = tag.replace('_', '+');
    return SEMVER.matcher(version).matches() ? version : null;
  }

  /** Negative when {@code a} is newer than {@code b}. */
  static int compare(String a, String b) {
    Matcher ma = SEMVER.matcher(a);
    Matcher mb = SEMVER.matcher(b);
    if (!ma.matches() || !mb.matches()) {
      return b.compareTo(a);
    }
    for (int i = 1; i <= 3; i++) {
      int c = new BigInteger(mb.group(i)).compareTo(new BigInteger(ma.group(i)));
      if (c != 0) {
        return c;
      }
    }
    String pa = ma.group(4);
    String pb = mb.group(4);
    if (pa == null || pb == null) {
      if (pa != pb) {
        return pa == null ? -1 : 1; // a release is newer than its pre-releases
      }
    } else {
      int c = comparePrerelease(pb, pa);
      if (c != 0) {
        return c;
      }
    }
    return String.valueOf(mb.group(5)).compareTo(String.valueOf(ma.group(5)));
  }

  private static int comparePrerelease(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean nx = x[i].matches("\\d+");
      boolean ny = y[i].matches("\\d+");
      int c;
      if (nx && ny) {
        c = new BigInteger(x[i]).compareTo(new BigInteger(y[i]));
      } else if (nx != ny) {
        c = nx ? -1 : 1;
      } else {
        c = x[i].compareTo(y[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}

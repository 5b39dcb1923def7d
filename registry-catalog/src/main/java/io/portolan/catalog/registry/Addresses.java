package io.portolan.catalog.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses registry hosts that would make Portolan's services call themselves or a cloud metadata
 * service, as written: loopback, link-local (169.254.0.0/16 holds the metadata endpoints) and
 * unspecified addresses, in any spelling the C resolver accepts ({@code 127.1}, {@code 0x7f000001},
 * {@code 2130706433}), and the well-known names. No DNS lookup happens here, so a slow resolver
 * never holds up the API; names are checked after DNS, when a service connects (the OCI client's
 * address policy), which also covers redirects, token realms and DNS that changes later.
 */
final class Addresses {
  private static final Pattern NUMERIC_V4 =
      Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+)){0,3}");

  private Addresses() {}

  /**
   * Why the host is refused, or null when it is fine as written. Link-local and metadata addresses
   * are refused even where loopback is allowed.
   */
  static String forbidden(String host, boolean allowLoopback) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (!allowLoopback
        && (h.equals("localhost")
            || h.endsWith(".localhost")
            || h.equals("localhost.localdomain"))) {
      return "a loopback address";
    }
    if (h.equals("metadata.google.internal")
        || h.equals("metadata")
        || h.equals("instance-data")
        || h.equals("instance-data.ec2.internal")) {
      return "a cloud metadata service";
    }
    InetAddress literal = literal(h);
    if (literal == null) {
      return null;
    }
    if (literal.isLoopbackAddress() && !allowLoopback) {
      return "a loopback address";
    }
    if (literal.isLinkLocalAddress()) {
      return "a link-local or cloud metadata address";
    }
    if (literal.isAnyLocalAddress()) {
      return "an unspecified address";
    }
    return null;
  }

  /** The address a numeric host stands for (IPv6, or IPv4 as inet_aton reads it), or null. */
  static InetAddress literal(String h) {
    try {
      if (h.contains(":")) {
        // bracketed, getByName only parses an IPv6 literal and never asks DNS
        return InetAddress.getByName("[" + h + "]");
      }
      if (!NUMERIC_V4.matcher(h).matches()) {
        return null;
      }
      String[] parts = h.split("\\.");
      long[] values = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i];
        if (p.startsWith("0x")) {
          values[i] = Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          values[i] = Long.parseLong(p, 8);
        } else {
          values[i] = Long.parseLong(p);
        }
      }
      long address = 0;
      for (int i = 0; i < values.length - 1; i++) {
        if (values[i] > 255) {
          return null;
        }
        address |= values[i] << (8 * (3 - i));
      }
      long last = values[values.length - 1];
      if (last >= 1L << (8 * (4 - (values.length - 1)))) {
        return null;
      }
      address |= last;
      return InetAddress.getByAddress(
          new byte[] {
            (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
          });
    } catch (NumberFormatException | UnknownHostException e) {
      return null;
    }
  }
}

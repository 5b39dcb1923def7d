package io.portolan.catalog.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses registry hosts that would make Portolan's services call themselves or the cloud metadata
 * service: loopback, link-local (169.254.0.0/16 holds the metadata endpoints) and unspecified
 * addresses. Names are resolved; a name that does not resolve here is accepted (it may resolve
 * where the services run).
 */
final class Addresses {
  private Addresses() {}

  /** Why the host is refused, or null when it is fine. */
  static String forbidden(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return "a loopback address";
    }
    if (h.equals("metadata.google.internal")) {
      return "a cloud metadata service";
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(h);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
    for (InetAddress address : addresses) {
      if (address.isLoopbackAddress()) {
        return "a loopback address";
      }
      if (address.isLinkLocalAddress()) {
        return "a link-local or cloud metadata address";
      }
      if (address.isAnyLocalAddress()) {
        return "an unspecified address";
      }
    }
    return null;
  }
}

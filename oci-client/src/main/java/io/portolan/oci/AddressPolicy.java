package io.portolan.oci;

import java.net.InetAddress;

/**
 * Which addresses a client may connect to, checked on every host it is about to contact (the
 * registry, its token realm, every redirect), after DNS: so a registry name, a realm or a redirect
 * that leads to the services' own machine or a cloud metadata endpoint is refused however it is
 * spelled.
 */
@FunctionalInterface
public interface AddressPolicy {
  /** Everything is allowed (the library's default). */
  AddressPolicy ANY = (host, address) -> null;

  /** Why connecting to the address is refused, or null when it is fine. */
  String refusal(String host, InetAddress address);

  /**
   * Refuses link-local addresses (169.254.0.0/16 and fe80::/10 hold the cloud metadata services),
   * unspecified addresses and, unless {@code allowLoopback}, loopback.
   */
  static AddressPolicy publicRegistries(boolean allowLoopback) {
    return (host, address) -> {
      if (address.isLinkLocalAddress()) {
        return host
            + " resolves to "
            + address.getHostAddress()
            + ", a link-local or metadata address";
      }
      if (address.isAnyLocalAddress()) {
        return host + " resolves to " + address.getHostAddress() + ", an unspecified address";
      }
      if (!allowLoopback && address.isLoopbackAddress()) {
        return host
            + " resolves to "
            + address.getHostAddress()
            + ", a loopback address (an operator can allow loopback registries)";
      }
      return null;
    };
  }
}

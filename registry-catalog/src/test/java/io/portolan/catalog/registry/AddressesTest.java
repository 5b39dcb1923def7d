package io.portolan.catalog.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registry hosts that lead to the services' own machine or a metadata service, however written. */
class AddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1",
        "0x7f000001",
        "2130706433",
        "017700000001",
        "0177.0.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "localhost",
        "registry.localhost",
      })
  void loopbackIsRefusedUnlessAllowed(String host) {
    assertThat(Addresses.forbidden(host, false)).isEqualTo("a loopback address");
    assertThat(Addresses.forbidden(host, true)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "0xa9fea9fe",
        "2852039166",
        "[fe80::1]",
        "metadata.google.internal",
        "0.0.0.0",
        "0",
      })
  void metadataLinkLocalAndUnspecifiedAreAlwaysRefused(String host) {
    assertThat(Addresses.forbidden(host, false)).isNotNull();
    assertThat(Addresses.forbidden(host, true)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "registry.example.com",
        "10.0.0.5",
        "192.168.1.20",
        "8.8.8.8",
        "[2001:db8::1]",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        "1.2.3.4.nip.io",
        "300.1.1.1",
      })
  void otherHostsPassAsWritten(String host) {
    assertThat(Addresses.forbidden(host, false)).isNull();
  }
}

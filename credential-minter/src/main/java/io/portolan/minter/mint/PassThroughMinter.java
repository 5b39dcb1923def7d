package io.portolan.minter.mint;

import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryCredential;
import io.portolan.oci.RegistryException;
import io.portolan.oci.RegistryUnauthorizedException;
import io.portolan.service.registries.RegistryClients;
import java.time.Clock;
import java.time.Duration;

/**
 * Long-lived usernames and passwords (Docker Hub, Quay, Other, ACR without a tenant): handed out as
 * they are, after one check against the registry's own {@code /v2/} challenge, so that bad
 * credentials are reported instead of shipped.
 */
public final class PassThroughMinter implements TokenMinter {
  private final Clock clock;
  private final boolean verify;

  public PassThroughMinter(Clock clock, boolean verify) {
    this.clock = clock;
    this.verify = verify;
  }

  @Override
  public MintedCredential mint(RegistryChanged registry, RootCredentials root)
      throws MintException {
    if (root == null || root.username() == null || root.password() == null) {
      throw new MintException("the registry has no username and password to hand out");
    }
    if (verify) {
      RegistrySnapshot s = registry.registry();
      RegistryClient client =
          RegistryClients.builder(s)
              .credential(RegistryCredential.basic(root.username(), root.password()))
              .maxAttempts(2)
              .requestTimeout(Duration.ofSeconds(20))
              .build();
      try {
        client.ping();
      } catch (RegistryUnauthorizedException e) {
        throw new MintException(
            "the registry refused the credentials of [" + root.username() + "]: " + e.getMessage(),
            e);
      } catch (RegistryException e) {
        throw new MintException("could not check the credentials: " + e.getMessage(), e);
      }
    }
    return new MintedCredential(root.username(), root.password(), clock.instant(), null);
  }
}

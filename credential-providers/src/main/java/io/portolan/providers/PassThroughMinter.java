package io.portolan.providers;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;
import java.time.Clock;

/**
 * Long-lived usernames and passwords (Docker Hub, Quay, Other, ACR without a tenant): handed out as
 * they are, after a login through the registry's own {@code /v2/} challenge, so that bad
 * credentials are reported instead of shipped.
 */
final class PassThroughMinter implements TokenMinter {
  private final RegistryCheck check;
  private final Clock clock;
  private final boolean verify;

  PassThroughMinter(RegistryCheck check, Clock clock, boolean verify) {
    this.check = check;
    this.clock = clock;
    this.verify = verify;
  }

  @Override
  public MintedCredential mint(RegistrySnapshot registry, RootCredentials root)
      throws MintException {
    if (root == null || root.username() == null || root.password() == null) {
      throw new MintException("the registry has no username and password to hand out", false);
    }
    MintedCredential credential =
        new MintedCredential(root.username(), root.password(), clock.instant(), null);
    if (verify) {
      check.login(registry, credential, RegistryCheck.ConnectionSecrets.of(root));
    }
    return credential;
  }
}

package io.portolan.minter.mint;

import io.portolan.providers.MintedCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to mint again. A credential is refreshed at the earlier of its refresh interval (the
 * registry's {@code tokenRefreshMinutes}, or the default) and half its lifetime, give or take 10%
 * so that identities minted together do not all come due together. A failed mint is retried after
 * an exponentially growing delay, with jitter, up to a ceiling. A credential with under a fifth of
 * its lifetime left is expiring.
 *
 * @param defaultInterval the refresh interval for registries without {@code tokenRefreshMinutes}
 * @param retryBase the first retry delay
 * @param retryMax the longest retry delay
 */
public record RefreshPolicy(Duration defaultInterval, Duration retryBase, Duration retryMax) {
  public static final double JITTER = 0.10;
  public static final double EXPIRING_FRACTION = 0.20;

  public static RefreshPolicy defaults() {
    return new RefreshPolicy(Duration.ofHours(6), Duration.ofSeconds(30), Duration.ofMinutes(15));
  }

  /** When the credential should be replaced, given the refresh interval that applies. */
  public Instant nextRefresh(
      MintedCredential credential, Duration interval, RandomGenerator random) {
    Duration wait = interval == null ? defaultInterval : interval;
    if (credential.expiresAt() != null) {
      Duration halfLife =
          Duration.between(credential.issuedAt(), credential.expiresAt()).dividedBy(2);
      if (halfLife.compareTo(wait) < 0) {
        wait = halfLife;
      }
    }
    double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER;
    return credential.issuedAt().plusMillis(Math.max(1000, (long) (wait.toMillis() * factor)));
  }

  /** The delay before retry number {@code failures} (1 for the first retry). */
  public Duration retryDelay(int failures, RandomGenerator random) {
    double exponential = retryBase.toMillis() * Math.pow(2, Math.min(failures - 1, 20));
    double capped = Math.min(exponential, retryMax.toMillis());
    // full jitter in [capped/2, capped]: spreads retries of many identities failing at once
    return Duration.ofMillis((long) (capped / 2 + random.nextDouble() * capped / 2));
  }

  /** Whether under a fifth of the credential's lifetime is left at {@code now}. */
  public static boolean expiring(MintedCredential credential, Instant now) {
    if (credential.expiresAt() == null) {
      return false;
    }
    long lifetime = Duration.between(credential.issuedAt(), credential.expiresAt()).toMillis();
    long left = Duration.between(now, credential.expiresAt()).toMillis();
    return left < lifetime * EXPIRING_FRACTION;
  }
}

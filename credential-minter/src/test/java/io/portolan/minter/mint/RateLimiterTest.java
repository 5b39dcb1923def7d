package io.portolan.minter.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ECR limiter: a burst of one second's worth, then the configured rate, per key. */
class RateLimiterTest {

  @Test
  void holdsEachAccountToItsRateAndLeavesOthersAlone() throws Exception {
    RateLimiter limiter = new RateLimiter(20);
    long start = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      limiter.acquire("ecr:111111111111:eu-west-1");
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    long other = System.nanoTime();
    limiter.acquire("ecr:222222222222:eu-west-1");
    limiter.acquire(null);
    Duration otherElapsed = Duration.ofNanos(System.nanoTime() - other);

    // 20 at once, then 20 more at 20 per second
    assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofMillis(3000));
    assertThat(otherElapsed).isLessThan(Duration.ofMillis(100));
  }
}

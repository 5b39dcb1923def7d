package io.portolan.pusher.chart;

/**
 * A chart package that is refused before anything is sent. {@link #rule()} names the rule that
 * failed (stable, for problem types and metrics); the message says what was wrong in words.
 */
public final class ChartRejected extends Exception {
  private final String rule;

  public ChartRejected(String rule, String message) {
    super(message);
    this.rule = rule;
  }

  public ChartRejected(String rule, String message, Throwable cause) {
    super(message, cause);
    this.rule = rule;
  }

  public String rule() {
    return rule;
  }
}

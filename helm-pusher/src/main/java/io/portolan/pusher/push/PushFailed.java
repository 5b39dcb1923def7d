package io.portolan.pusher.push;

/**
 * A push that could not be done, with the reason in words and a stable kind for the API: the chart
 * was refused ({@code chart-rejected}), the target is wrong ({@code target}), the pusher holds no
 * credential for it ({@code no-credential}), or the registry failed ({@code registry}).
 */
public final class PushFailed extends Exception {
  private final String kind;
  private final String rule;

  public PushFailed(String kind, String rule, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.rule = rule;
  }

  public String kind() {
    return kind;
  }

  /** The chart rule that failed, for {@code chart-rejected}; null otherwise. */
  public String rule() {
    return rule;
  }
}

package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Without a configured admin token, the first start generates one and prints it once to the console
 * (not to the log); later starts print nothing and only its hash is stored.
 */
class FirstAdminTokenIT {
  private static final Pattern TOKEN = Pattern.compile("ptl_[A-Za-z0-9_-]{43}");

  @Test
  void theFirstStartPrintsAnAdminTokenOnceAndItWorks() throws Exception {
    CatalogTestProperties test = new CatalogTestProperties(FirstAdminTokenIT.class);
    Map<String, String> noToken = Map.of("portolan.catalog.bootstrap-admin-token", "");

    String first;
    String token;
    try (Capture console = new Capture();
        CatalogFixture catalog = CatalogFixture.start(test, noToken)) {
      first = console.text();
      Matcher m = TOKEN.matcher(first);
      assertThat(m.find()).as(first).isTrue();
      token = m.group();
      assertThat(catalog.admin().as(token).get("/api/v1/tokens").statusCode()).isEqualTo(200);
      assertThat(catalog.admin().as(token).get("/api/v1/tokens").body()).doesNotContain(token);
    }
    assertThat(first).contains("shown only now");

    try (Capture console = new Capture();
        CatalogFixture again = CatalogFixture.start(test, noToken)) {
      assertThat(TOKEN.matcher(console.text()).find()).isFalse();
      assertThat(again.admin().as(token).get("/api/v1/registries").statusCode()).isEqualTo(200);
    }
  }

  /** Copies what is printed to System.out while it is open, and still prints it. */
  private static final class Capture implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    Capture() {
      System.setOut(
          new PrintStream(
              new java.io.OutputStream() {
                @Override
                public void write(int b) {
                  copy.write(b);
                  original.write(b);
                }
              },
              true,
              StandardCharsets.UTF_8));
    }

    String text() {
      System.out.flush();
      return copy.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      System.setOut(original);
    }
  }
}

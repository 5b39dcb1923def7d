package io.portolan.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the external programs tests need. A missing program fails the test with the command that
 * installs it: a test that quietly skips when a tool is missing would be a test that cannot fail.
 */
public final class Requirements {
  private Requirements() {}

  /** The path of a program on {@code PATH}, or a failure that says how to install it. */
  public static Path program(String name, String debianPackage) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "The tests need `"
                        + name
                        + "`, which is not on PATH. Install it with: sudo apt-get install -y"
                        + " --no-install-recommends "
                        + debianPackage
                        + " (or run `bash .ci/run`, which installs everything the tests need)"));
  }

  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code keytool} of the running JDK. */
  public static Path keytool() {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      return program("keytool", "openjdk-17-jdk-headless");
    }
    return keytool;
  }
}

package io.portolan.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Helm project's chart archives in {@code testdata/helm-charts/} at the repository root. */
public final class TestCharts {
  private TestCharts() {}

  /** The folder, found by walking up from the working directory (a module's directory in tests). */
  public static Path directory() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("testdata/helm-charts");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "testdata/helm-charts not found above " + Path.of("").toAbsolutePath());
  }

  public static Path path(String fileName) {
    Path file = directory().resolve(fileName);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("No test chart " + fileName + " in " + directory());
    }
    return file;
  }

  public static byte[] bytes(String fileName) {
    try {
      return Files.readAllBytes(path(fileName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code .tgz} in the folder, sorted by name. */
  public static List<Path> all() {
    try (Stream<Path> files = Files.list(directory())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

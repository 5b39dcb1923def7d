package io.portolan.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short helper commands (htpasswd, keytool) and fails loudly when they fail. */
final class Processes {
  private Processes() {}

  static String run(List<String> command, Path workDir) {
    try {
      Process process =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out running " + command.get(0));
      }
      String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "Tried to run "
                + command.get(0)
                + " but it exited with "
                + process.exitValue()
                + ": "
                + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("Tried to run " + command.get(0) + " but failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted running " + command.get(0), e);
    }
  }
}

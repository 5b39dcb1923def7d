package io.portolan.sealing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Keeps a private keyset in a file readable only by its owner. */
public final class KeysetFiles {
  private KeysetFiles() {}

  /** Reads the consumer's private keyset from {@code file}, creating a new key pair when absent. */
  public static SealingKeys loadOrCreate(Path file) throws IOException, SealingException {
    if (Files.exists(file)) {
      return SealingKeys.fromPrivateKeyset(
          Secret.of(Files.readString(file, StandardCharsets.UTF_8)));
    }
    SealingKeys keys = SealingKeys.generate();
    write(file, keys.privateKeysetJson());
    return keys;
  }

  /** Reads a keyset file. */
  public static Secret read(Path file) throws IOException {
    return Secret.of(Files.readString(file, StandardCharsets.UTF_8).trim());
  }

  /** Writes a secret to a file with mode 0600, atomically. */
  public static void write(Path file, Secret content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".keyset", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; rely on the directory's permissions
      }
      Files.writeString(tmp, content.reveal(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

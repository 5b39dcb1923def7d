package io.portolan.service.identity;

import io.portolan.sealing.KeysetFiles;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import java.io.IOException;
import java.nio.file.Path;

/** A private keyset in an owner-only file. */
public final class FileKeysetStore implements KeysetStore {
  private final Path file;

  public FileKeysetStore(Path file) {
    this.file = file;
  }

  @Override
  public SealingKeys loadOrCreate() throws IOException, SealingException {
    return KeysetFiles.loadOrCreate(file);
  }

  @Override
  public String describe() {
    return "file " + file.toAbsolutePath();
  }
}

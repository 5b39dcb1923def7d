package io.portolan.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Content to upload. It may be opened more than once (a retried upload reads it again). */
public interface BlobSource {
  long size();

  InputStream open() throws IOException;

  static BlobSource of(byte[] bytes) {
    return new BlobSource() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  static BlobSource of(Path file) throws IOException {
    long size = Files.size(file);
    return new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }
}

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

  /** {@code length} bytes of this content from {@code offset}, opened without reading the rest. */
  default BlobSource slice(long offset, long length) {
    BlobSource whole = this;
    return new BlobSource() {
      @Override
      public long size() {
        return length;
      }

      @Override
      public InputStream open() throws IOException {
        InputStream in = whole.open();
        in.skipNBytes(offset);
        return new java.io.FilterInputStream(in) {
          private long left = length;

          @Override
          public int read() throws IOException {
            if (left <= 0) {
              return -1;
            }
            int b = super.read();
            if (b >= 0) {
              left--;
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int off, int len) throws IOException {
            if (left <= 0) {
              return -1;
            }
            int n = super.read(buffer, off, (int) Math.min(len, left));
            if (n > 0) {
              left -= n;
            }
            return n;
          }

          @Override
          public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
          }

          @Override
          public int available() throws IOException {
            return (int) Math.min(super.available(), left);
          }
        };
      }
    };
  }
}

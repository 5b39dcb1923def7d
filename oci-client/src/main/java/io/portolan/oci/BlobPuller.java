package io.portolan.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, streamed: the caller reads the body, and reaching its end
 * checks the digest (a mismatch throws there).
 */
final class BlobPuller implements RegistryEndpoint<InputStream> {
  private final String registry;
  private final String repository;
  private final Digest digest;

  BlobPuller(String registry, String repository, Digest digest) {
    this.registry = registry;
    this.repository = repository;
    this.digest = digest;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public URI target(URI base) {
    return Paths.v2(base, repository + "/blobs/" + digest);
  }

  @Override
  public boolean accepts(int status) {
    return status == 200;
  }

  @Override
  public InputStream handle(Response response) {
    return new Verifying(response.detach());
  }

  @Override
  public String action() {
    return "pull blob " + digest + " from " + repository;
  }

  @Override
  public String repository() {
    return repository;
  }

  @Override
  public Scope scope() {
    return Scope.pull(repository);
  }

  /** Hashes what passes through and compares at end of stream. */
  private final class Verifying extends FilterInputStream {
    private final MessageDigest sha256 = Digest.newSha256();
    private boolean checked;

    Verifying(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        check();
      } else {
        sha256.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n < 0) {
        check();
      } else {
        sha256.update(buffer, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[8192];
      long skipped = 0;
      while (skipped < n) {
        int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      if (!digest.algorithm().equals("sha256")) {
        return; // only sha256 is computed; other algorithms pass unverified
      }
      Digest actual = new Digest("sha256", HexFormat.of().formatHex(sha256.digest()));
      if (!actual.equals(digest)) {
        throw new IOException(
            new DigestMismatchException(registry, repository, action(), digest, actual)
                .getMessage());
      }
    }
  }
}

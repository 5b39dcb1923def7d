package io.portolan.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A registry response with its body as a stream. Closing it discards whatever body is left, unless
 * an endpoint {@link #detach() took the body over} (a streamed blob).
 */
final class Response implements AutoCloseable {
  private final HttpResponse<InputStream> http;
  private final InputStream body;
  private boolean detached;

  Response(HttpResponse<InputStream> http, RequestStats stats) {
    this.http = http;
    this.body = new CountingInputStream(http.body(), stats);
  }

  int status() {
    return http.statusCode();
  }

  URI uri() {
    return http.uri();
  }

  Optional<String> header(String name) {
    return http.headers().firstValue(name);
  }

  List<String> headers(String name) {
    return http.headers().allValues(name);
  }

  InputStream body() {
    return body;
  }

  /** Reads the whole body, failing when it is longer than {@code max} bytes. */
  byte[] readBody(long max) throws IOException {
    byte[] bytes = body.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
    if (bytes.length > max) {
      throw new IOException("the response body is larger than " + max + " bytes");
    }
    return bytes;
  }

  /** The first part of the body as text, for error messages. */
  String bodyText(int max) {
    try {
      return new String(body.readNBytes(max), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The caller now owns the body and closes it. */
  InputStream detach() {
    detached = true;
    return body;
  }

  @Override
  public void close() {
    if (!detached) {
      try {
        body.close();
      } catch (IOException e) {
        // nothing left to do with a broken body
      }
    }
  }

  private static final class CountingInputStream extends FilterInputStream {
    private final RequestStats stats;

    CountingInputStream(InputStream in, RequestStats stats) {
      super(in);
      this.stats = stats;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        stats.received(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n > 0) {
        stats.received(n);
      }
      return n;
    }
  }
}

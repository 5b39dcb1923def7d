package io.portolan.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as a stream that fails when the registry sends nothing for {@code readTimeout}
 * while a reader waits. The JDK client's request timeout ends when the headers arrive, and its own
 * body stream waits for data forever (an interrupt does not end the wait), so this subscribes to
 * the body itself, one chunk at a time, and waits with a timeout. On a timeout or close it cancels
 * the subscription, which closes the connection.
 *
 * <p>For one reading thread at a time, as any stream.
 */
final class BodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
  private static final List<ByteBuffer> END = List.of();

  private final Duration readTimeout;
  private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private Iterator<ByteBuffer> current = List.<ByteBuffer>of().iterator();
  private ByteBuffer buffer;
  private boolean ended;
  private IOException failed;

  BodyStream(Flow.Publisher<List<ByteBuffer>> body, Duration readTimeout) {
    this.readTimeout = readTimeout;
    body.subscribe(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    chunks.add(item);
  }

  @Override
  public void onError(Throwable t) {
    chunks.add(t);
  }

  @Override
  public void onComplete() {
    chunks.add(END);
  }

  /** The next buffer with bytes left, or null at the end. */
  private ByteBuffer next() throws IOException {
    while (buffer == null || !buffer.hasRemaining()) {
      if (current.hasNext()) {
        buffer = current.next();
        continue;
      }
      if (ended) {
        return null;
      }
      if (failed != null) {
        throw failed;
      }
      Object item;
      try {
        item = chunks.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new java.io.InterruptedIOException("interrupted while reading a registry response");
      }
      if (item == null) {
        cancel();
        failed =
            new IOException(
                "the registry sent no data for "
                    + readTimeout.toMillis()
                    + " ms in the middle of a response (read timeout)");
        throw failed;
      }
      if (item instanceof Throwable t) {
        failed = t instanceof IOException io ? io : new IOException(t);
        throw failed;
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> list = (List<ByteBuffer>) item;
      if (list == END) {
        ended = true;
        return null;
      }
      current = list.iterator();
      Flow.Subscription s = subscription;
      if (s != null) {
        s.request(1);
      }
    }
    return buffer;
  }

  @Override
  public int read() throws IOException {
    ByteBuffer b = next();
    return b == null ? -1 : b.get() & 0xff;
  }

  @Override
  public int read(byte[] target, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    ByteBuffer b = next();
    if (b == null) {
      return -1;
    }
    int n = Math.min(len, b.remaining());
    b.get(target, off, n);
    return n;
  }

  @Override
  public int available() {
    return buffer == null ? 0 : buffer.remaining();
  }

  private void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void close() {
    if (!ended) {
      cancel();
      ended = true;
    }
  }
}

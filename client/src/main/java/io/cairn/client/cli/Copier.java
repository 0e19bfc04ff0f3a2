package io.cairn.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies a stream with a large buffer, reporting progress. */
final class Copier {
  private static final int BUFFER_BYTES = 1 << 20;

  private Copier() {}

  static long copy(InputStream in, OutputStream out, Progress progress) throws IOException {
    byte[] buf = new byte[BUFFER_BYTES];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      total += n;
      progress.advance(n);
    }
    return total;
  }
}

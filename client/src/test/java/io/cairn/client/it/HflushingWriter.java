package io.cairn.client.it;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.io.CairnOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A writer in a JVM of its own, for a test that kills it with SIGKILL: creates {@code PATH}, writes
 * {@code HFLUSHED} bytes of {@link #content} with an hflush after each {@code STEP} bytes, printing
 * {@code acked N} after each hflush returns, then writes {@code TAIL} more bytes without an hflush,
 * prints {@code tail written}, and waits (reading its standard input) until it is killed. The file is
 * never closed.
 *
 * <p>Arguments: NAMENODE PATH BLOCK_BYTES HFLUSHED STEP TAIL.
 */
public final class HflushingWriter {
  private HflushingWriter() {}

  /** The bytes the writer writes: the same for the test that checks them. */
  public static byte[] content(int length) {
    byte[] data = new byte[length];
    new Random(length).nextBytes(data);
    return data;
  }

  public static void main(String[] args) throws Exception {
    String nameNode = args[0];
    String path = args[1];
    int block = Integer.parseInt(args[2]);
    int hflushed = Integer.parseInt(args[3]);
    int step = Integer.parseInt(args[4]);
    int tail = Integer.parseInt(args[5]);
    byte[] data = content(hflushed + tail);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CairnClient fs = CairnClient.connect(nameNode);
    CairnOutputStream stream = fs.create(path, CreateOptions.defaults().blockSizeBytes(block).replication(3));
    for (int off = 0; off < hflushed; off += step) {
      int n = Math.min(step, hflushed - off);
      stream.write(data, off, n);
      stream.hflush();
      out.println("acked " + (off + n));
    }
    stream.write(data, hflushed, tail);
    out.println("tail written");
    // Hold the file open, its lease renewed, until SIGKILL.
    while (System.in.read() >= 0) {
      // Nothing is sent to this process; keep waiting.
    }
    Thread.currentThread().join();
  }
}

package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.io.CairnInputStream;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tail", description = "Write the last kilobyte of a file to stdout (-f: then follow it as it grows).")
final class TailCommand extends ClientCommand {
  private static final long TAIL_BYTES = 1024;
  private static final long FOLLOW_POLL_MS = 1000;

  @Option(names = "-f", description = "Keep printing what is appended (hflushed) until interrupted.")
  boolean follow;

  @Parameters(index = "0", paramLabel = "PATH")
  String path;

  @Override
  void run(CairnClient fs) throws IOException {
    long pos = printFrom(fs, -1);
    while (follow) {
      try {
        Thread.sleep(FOLLOW_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pos = printFrom(fs, pos);
    }
  }

  /** Prints from {@code from} (-1 = the last kilobyte) to the end; returns the end. */
  private long printFrom(CairnClient fs, long from) throws IOException {
    try (CairnInputStream in = fs.open(path)) {
      long start = from < 0 ? Math.max(0, in.length() - TAIL_BYTES) : Math.min(from, in.length());
      in.seek(start);
      in.transferTo(System.out);
      System.out.flush();
      return in.length();
    }
  }
}

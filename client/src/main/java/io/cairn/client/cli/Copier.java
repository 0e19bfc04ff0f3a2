package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.common.error.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies a stream with a large buffer, reporting progress; writes a Cairn file so that a failed copy leaves none. */
final class Copier {
  /** Where a file is written until it is complete (as HDFS's put), then renamed to its name. */
  static final String COPYING_SUFFIX = "._COPYING_";
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

  /**
   * As {@code hdfs dfs -put} and {@code -cp}: the bytes go to {@code to}{@value #COPYING_SUFFIX}, renamed over
   * {@code to} once closed, so a copy that fails (a source that cannot be read, a full cluster, an
   * interrupted command) leaves no partial file under the target's name; the temporary file is
   * deleted then.
   */
  static void writeFile(CairnClient fs, InputStream in, long size, String to, CreateOptions options)
      throws IOException {
    if (!options.overwrite() && fs.getFileInfo(to) != null) {
      throw CairnException.exists(to);
    }
    String temp = to + COPYING_SUFFIX;
    // A temporary file left by an earlier copy that died is this copy's to replace. One that a live
    // copy is writing is not: its lease refuses this create, and it is left alone.
    OutputStream out = fs.create(temp, options.overwrite(true));
    Object pending = CopiesInProgress.started(() -> deleteQuietly(fs, temp));
    try {
      try (Progress progress = Progress.of(to, size); out) {
        Copier.copy(in, out, progress);
      }
      fs.rename(temp, to, options.overwrite());
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(temp, false);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    } finally {
      CopiesInProgress.done(pending);
    }
  }

  /**
   * As {@link #writeFile} for a local file: the bytes go to {@code to}{@value #COPYING_SUFFIX} beside
   * it, moved over {@code to} once complete, so a read that fails leaves an existing {@code to} as it
   * was and no partial file under its name.
   */
  static void writeLocalFile(InputStream in, long size, String label, Path to, boolean overwrite) throws IOException {
    if (!overwrite && Files.exists(to)) {
      throw new FileAlreadyExistsException(to.toString());
    }
    Path temp = to.resolveSibling(to.getFileName() + COPYING_SUFFIX);
    Object pending = CopiesInProgress.started(() -> {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // On the way out; the name says what it is.
      }
    });
    try {
      try (Progress progress = Progress.of(label, size); OutputStream out = Files.newOutputStream(temp)) {
        copy(in, out, progress);
      }
      if (overwrite) {
        Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    } finally {
      CopiesInProgress.done(pending);
    }
  }

  private static void deleteQuietly(CairnClient fs, String path) {
    try {
      fs.delete(path, false);
    } catch (IOException | RuntimeException e) {
      // On the way out; the name says what it is.
    }
  }
}

package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.common.error.CairnException;
import io.cairn.proto.FileStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
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
    if (fs.writesWhole(size)) {
      // A file the NameNode keeps whole appears in one call only once complete: no temporary name,
      // and a create without overwrite refuses an existing file by itself.
      // One byte more than stated shows a source that grew.
      byte[] bytes = in.readNBytes(Math.toIntExact(size) + 1);
      if (bytes.length == size) {
        fs.writeFile(to, bytes, options);
        return;
      }
      // The source changed size while it was read: copy what is there the usual way.
      in = new SequenceInputStream(new ByteArrayInputStream(bytes), in);
    }
    if (!options.overwrite() && fs.getFileInfo(to) != null) {
      throw CairnException.exists(to);
    }
    String temp = to + COPYING_SUFFIX;
    writeThenMove(in, size, to, new Temporary() {
      @Override
      public OutputStream create() throws IOException {
        // A temporary file left by an earlier copy that died is this copy's to replace. One that a
        // live copy is writing is not: its lease refuses this create, and it is left alone.
        return fs.create(temp, options.overwrite(true));
      }

      @Override
      public void moveIntoPlace() throws IOException {
        fs.rename(temp, to, options.overwrite());
      }

      @Override
      public void delete() throws IOException {
        fs.delete(temp, false);
      }
    });
  }

  /**
   * As {@link #writeFile}, from Cairn's {@code source} to a local file: the bytes go to
   * {@code to}{@value #COPYING_SUFFIX} beside it, moved over {@code to} once complete, so a read that
   * fails leaves an existing {@code to} as it was and no partial file under its name.
   */
  static void writeLocalFile(CairnClient fs, FileStatus source, Path to, boolean overwrite) throws IOException {
    if (!overwrite && Files.exists(to)) {
      throw new FileAlreadyExistsException(to.toString());
    }
    Path temp = to.resolveSibling(to.getFileName() + COPYING_SUFFIX);
    try (InputStream in = fs.open(source.getPath())) {
      writeThenMove(in, source.getLengthBytes(), source.getPath(), new Temporary() {
        @Override
        public OutputStream create() throws IOException {
          return Files.newOutputStream(temp);
        }

        @Override
        public void moveIntoPlace() throws IOException {
          if (overwrite) {
            Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } else {
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
          }
        }

        @Override
        public void delete() throws IOException {
          Files.deleteIfExists(temp);
        }
      });
    }
  }

  /** Where a copy writes until it is complete. */
  private interface Temporary {
    OutputStream create() throws IOException;

    void moveIntoPlace() throws IOException;

    void delete() throws IOException;
  }

  /**
   * Copies {@code in} into {@code temporary}, then moves it into place. The temporary file is deleted
   * when the copy fails, or when the process is stopped meanwhile, but only once this copy made it.
   */
  private static void writeThenMove(InputStream in, long size, String label, Temporary temporary)
      throws IOException {
    OutputStream out = temporary.create();
    Object pending = CopiesInProgress.started(() -> {
      try {
        temporary.delete();
      } catch (IOException | RuntimeException e) {
        // On the way out; the name says what it is.
      }
    });
    try {
      try (Progress progress = Progress.of(label, size); out) {
        copy(in, out, progress);
      }
      temporary.moveIntoPlace();
    } catch (IOException | RuntimeException e) {
      try {
        temporary.delete();
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    } finally {
      CopiesInProgress.done(pending);
    }
  }
}

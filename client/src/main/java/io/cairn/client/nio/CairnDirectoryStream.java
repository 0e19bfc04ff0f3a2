package io.cairn.client.nio;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The entries of one directory, each as {@code dir.resolve(name)}, fetched a page at a time as the
 * iteration goes. Iterable once, as the NIO contract says; a failure while paging or filtering is
 * a {@link DirectoryIteratorException} around the IOException.
 */
final class CairnDirectoryStream implements DirectoryStream<Path> {
  private final Path dir;
  private final Iterator<FileStatus> entries;
  private final Filter<? super Path> filter;
  private boolean iterated;
  private volatile boolean closed;

  CairnDirectoryStream(Path dir, Iterator<FileStatus> entries, Filter<? super Path> filter) {
    this.dir = dir;
    this.entries = entries;
    this.filter = filter;
  }

  @Override
  public synchronized Iterator<Path> iterator() {
    if (closed) {
      throw new IllegalStateException("directory stream of " + dir + " is closed");
    }
    if (iterated) {
      throw new IllegalStateException("directory stream of " + dir + " was iterated already");
    }
    iterated = true;
    return new Iterator<>() {
      private Path next;

      @Override
      public boolean hasNext() {
        while (next == null && !closed) {
          FileStatus st;
          try {
            if (!entries.hasNext()) {
              return false;
            }
            st = entries.next();
          } catch (UncheckedIOException e) {
            IOException cause = e.getCause() instanceof CairnException c ? NioErrors.translate(c, dir.toString())
                : e.getCause();
            throw new DirectoryIteratorException(cause);
          }
          String name = PathStrings.name(st.getPath());
          Path entry = dir.resolve(name);
          try {
            if (filter.accept(entry)) {
              next = entry;
            }
          } catch (IOException e) {
            throw new DirectoryIteratorException(e);
          }
        }
        return next != null;
      }

      @Override
      public Path next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Path out = next;
        next = null;
        return out;
      }
    };
  }

  @Override
  public void close() {
    closed = true;
  }
}

package io.cairn.client.hadoop;

import io.cairn.common.error.CairnException;
import io.cairn.proto.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A Cairn listing as Hadoop's {@link RemoteIterator}: pages are fetched as the iteration goes, and
 * a failure while paging surfaces as the IOException it is.
 */
final class ListingRemoteIterator<T> implements RemoteIterator<T> {
  private final Iterator<FileStatus> entries;
  private final Function<FileStatus, T> convert;

  ListingRemoteIterator(Iterator<FileStatus> entries, Function<FileStatus, T> convert) {
    this.entries = entries;
    this.convert = convert;
  }

  @Override
  public boolean hasNext() throws IOException {
    try {
      return entries.hasNext();
    } catch (UncheckedIOException e) {
      throw e.getCause() instanceof CairnException c ? HadoopErrors.translate(c) : e.getCause();
    }
  }

  @Override
  public T next() throws IOException {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries");
    }
    return convert.apply(entries.next());
  }
}

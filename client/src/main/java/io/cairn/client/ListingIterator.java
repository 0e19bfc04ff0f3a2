package io.cairn.client;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Iterates a listing a page at a time, fetching the next page when the current one runs out. */
final class ListingIterator implements Iterator<FileStatus> {
  private final CairnClient client;
  private final String path;
  private GetListingResponse page;
  private int index;

  ListingIterator(CairnClient client, String path, GetListingResponse first) {
    this.client = client;
    this.path = path;
    this.page = first;
  }

  @Override
  public boolean hasNext() {
    if (index < page.getEntriesCount()) {
      return true;
    }
    if (!page.getHasMore() || page.getEntriesCount() == 0) {
      return false;
    }
    String last = page.getEntries(page.getEntriesCount() - 1).getPath();
    String lastName = PathStrings.name(last);
    try {
      page = client.listPage(path, lastName, 0);
    } catch (CairnException e) {
      throw new java.io.UncheckedIOException(e);
    }
    index = 0;
    return index < page.getEntriesCount();
  }

  @Override
  public FileStatus next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.getEntries(index++);
  }
}

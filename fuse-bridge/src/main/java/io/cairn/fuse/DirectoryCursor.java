package io.cairn.fuse;

import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import java.io.IOException;
import java.util.List;

/**
 * The state of one open directory: a page of its listing at a time, so a directory of any size
 * lists in bounded memory. Entry {@code i} (0 = ".", 1 = "..", then the children in name order) is
 * handed to the kernel with offset {@code i + 1}, the offset the kernel passes back to go on after
 * it; going on after the current page fetches the next one from the NameNode, and an offset before
 * the current page (a rewind) starts the listing over. Thread-safe (calls are serialised).
 */
final class DirectoryCursor {
  private static final int FIRST_CHILD = 2;

  /** Fetches the page of children after a name ("" = from the start). */
  @FunctionalInterface
  interface Pages {
    GetListingResponse after(String name) throws IOException;
  }

  /** Receives an entry; answers false when the kernel's buffer is full. */
  @FunctionalInterface
  interface Sink {
    boolean accept(String name, FileStatus status, long nextOffset);
  }

  private final Pages pages;
  private List<FileStatus> page;
  private long pageStart = FIRST_CHILD;
  private boolean more;

  DirectoryCursor(Pages pages) throws IOException {
    this.pages = pages;
    startOver();
  }

  /** Hands entries from index {@code offset} on to {@code sink} until it is full or the directory ends. */
  synchronized void fill(long offset, Sink sink) throws IOException {
    long i = Math.max(offset, 0);
    if (i < FIRST_CHILD) {
      if (i == 0 && !sink.accept(".", null, 1)) {
        return;
      }
      if (!sink.accept("..", null, 2)) {
        return;
      }
      i = FIRST_CHILD;
    }
    if (i < pageStart) {
      startOver();
    }
    while (true) {
      while (i >= pageStart + page.size()) {
        if (!more || page.isEmpty()) {
          return;
        }
        nextPage();
      }
      FileStatus st = page.get((int) (i - pageStart));
      if (!sink.accept(PathStrings.name(st.getPath()), st, i + 1)) {
        return;
      }
      i++;
    }
  }

  private void startOver() throws IOException {
    GetListingResponse first = pages.after("");
    page = first.getEntriesList();
    more = first.getHasMore();
    pageStart = FIRST_CHILD;
  }

  private void nextPage() throws IOException {
    String last = PathStrings.name(page.getLast().getPath());
    GetListingResponse next = pages.after(last);
    pageStart += page.size();
    page = next.getEntriesList();
    more = next.getHasMore();
  }
}

package io.cairn.datanode.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a file's clean pages from the kernel's page cache ({@code posix_fadvise(POSIX_FADV_DONTNEED)})
 * once they are on disk. A DataNode that writes a replica no reader is sent to first then reuses the
 * same few megabytes of memory for every block instead of filling the cache with new pages, which on a
 * virtual machine that hands freed memory back to its host cost about three times the copy itself
 * (docs/benchmarks.md, Replicas dropped from the page cache behind the write). Linux only: elsewhere,
 * or when the call cannot be bound, it does nothing.
 */
final class PageCache {
  private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);
  private static final int O_RDONLY = 0;
  private static final int POSIX_FADV_DONTNEED = 4;
  private static final MethodHandle OPEN;
  private static final MethodHandle FADVISE;
  private static final MethodHandle CLOSE;

  static {
    MethodHandle open = null;
    MethodHandle fadvise = null;
    MethodHandle close = null;
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Optional<MemorySegment> openSym = libc.find("open");
        Optional<MemorySegment> fadviseSym = libc.find("posix_fadvise");
        Optional<MemorySegment> closeSym = libc.find("close");
        if (openSym.isPresent() && fadviseSym.isPresent() && closeSym.isPresent()) {
          open = linker.downcallHandle(openSym.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
          fadvise = linker.downcallHandle(fadviseSym.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
          close = linker.downcallHandle(closeSym.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT));
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("cannot bind posix_fadvise, replicas stay in the page cache: {}", e.toString());
        open = null;
        fadvise = null;
        close = null;
      }
    }
    OPEN = open;
    FADVISE = fadvise;
    CLOSE = close;
  }

  private PageCache() {}

  /** Whether {@link #drop} can do anything here. */
  static boolean supported() {
    return FADVISE != null;
  }

  /**
   * Asks the kernel to drop the cached pages of {@code file} in [offset, offset + length); pages not yet
   * on disk stay. A hint: any failure (the file is gone, the call is refused) leaves the pages cached.
   */
  static void drop(Path file, long offset, long length) {
    if (FADVISE == null || length <= 0) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      // Advice applies to the file's pages, whichever descriptor gives it: a descriptor of our own
      // keeps this off FileChannel's private one.
      int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY);
      if (fd < 0) {
        return;
      }
      try {
        int ignored = (int) FADVISE.invokeExact(fd, offset, length, POSIX_FADV_DONTNEED);
      } finally {
        int ignored = (int) CLOSE.invokeExact(fd);
      }
    } catch (Throwable e) {
      LOG.debug("dropping {} from the page cache failed: {}", file, e.toString());
    }
  }
}

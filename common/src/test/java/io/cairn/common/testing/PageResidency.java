package io.cairn.common.testing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** How many of a file's pages the kernel's page cache holds ({@code mincore} of a mapping of it). Linux only. */
public final class PageResidency {
  private static final long PAGE = 4096;
  private static final MethodHandle MINCORE = Linker.nativeLinker().downcallHandle(
      Linker.nativeLinker().defaultLookup().find("mincore").orElseThrow(),
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

  private PageResidency() {}

  /** Pages of {@code file} in the page cache, of {@link #pages}. */
  public static long residentPages(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
      long size = ch.size();
      if (size == 0) {
        return 0;
      }
      MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      MemorySegment vec = arena.allocate(pages(size));
      int rc;
      try {
        rc = (int) MINCORE.invokeExact(mapped, size, vec);
      } catch (Throwable t) {
        throw new IOException("mincore failed", t);
      }
      if (rc != 0) {
        throw new IOException("mincore failed: " + rc);
      }
      long resident = 0;
      for (long i = 0; i < vec.byteSize(); i++) {
        resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
      }
      return resident;
    }
  }

  /** Pages a file of {@code sizeBytes} spans. */
  public static long pages(long sizeBytes) {
    return (sizeBytes + PAGE - 1) / PAGE;
  }
}

package io.cairn.namenode.store;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.proto.Inode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The children of small directories, parsed and in name order, so listing a directory that was
 * listed before costs no store scan and no parse. Bounded by the entries it holds, so the namespace
 * itself still lives on disk.
 *
 * <p>Every change to an entry drops its parent's children ({@link #forget}). A scan remembers what
 * it read only when no entry was forgotten while it ran ({@link #epoch}), so a reader that read the
 * store before a change cannot put back what the change dropped.
 */
final class ListingCache {
  /** Directories with more children are not kept: their listings are paged through the store. */
  private final int maxChildren;
  private final Cache<Long, Children> byDirectory;
  private final Object lock = new Object();
  /** Counts {@link #forget} calls; guarded by {@link #lock}. */
  private long forgets;

  ListingCache(int maxChildren, long maxEntries) {
    this.maxChildren = maxChildren;
    this.byDirectory = CacheBuilder.newBuilder()
        .maximumWeight(maxEntries)
        .weigher((Long dir, Children c) -> c.inodes.length + 1)
        .build();
  }

  int maxChildren() {
    return maxChildren;
  }

  /** The children of {@code dirId} when kept, else null. */
  Children get(long dirId) {
    return byDirectory.getIfPresent(dirId);
  }

  /** Taken before a scan whose result may be kept with {@link #keep}. */
  long epoch() {
    synchronized (lock) {
      return forgets;
    }
  }

  /** Keeps {@code children} of {@code dirId}, read from the store since {@code epoch}, unless something changed since. */
  void keep(long dirId, List<Inode> children, long epoch) {
    Children c = new Children(children.toArray(Inode[]::new));
    synchronized (lock) {
      if (forgets == epoch) {
        byDirectory.put(dirId, c);
      }
    }
  }

  void forget(long dirId) {
    synchronized (lock) {
      forgets++;
      byDirectory.invalidate(dirId);
    }
  }

  /** One directory's children, sorted as the store sorts them: by the UTF-8 bytes of their names. */
  static final class Children {
    private final Inode[] inodes;
    private final byte[][] names;

    private Children(Inode[] inodes) {
      this.inodes = inodes;
      this.names = new byte[inodes.length][];
      for (int i = 0; i < inodes.length; i++) {
        names[i] = inodes[i].getName().getBytes(StandardCharsets.UTF_8);
      }
    }

    boolean isEmpty() {
      return inodes.length == 0;
    }

    /** Visits the children after {@code startAfter} ("" = all) until the visitor returns false. */
    void visit(String startAfter, NamespaceView.ChildVisitor visitor) throws IOException {
      for (int i = firstAfter(startAfter); i < inodes.length; i++) {
        if (!visitor.visit(inodes[i])) {
          return;
        }
      }
    }

    private int firstAfter(String startAfter) {
      if (startAfter.isEmpty()) {
        return 0;
      }
      byte[] key = startAfter.getBytes(StandardCharsets.UTF_8);
      int lo = 0;
      int hi = names.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Arrays.compareUnsigned(names[mid], key) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}

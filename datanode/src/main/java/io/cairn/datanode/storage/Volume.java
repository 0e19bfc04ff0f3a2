package io.cairn.datanode.storage;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** One data folder: its layout, the space of the file system under it, and directory fsyncs. Thread-safe. */
public final class Volume {
  /** The file {@link #check} writes and deletes. */
  static final String CHECK_FILE = "volume.check";
  /** A file system with less than this usable counts as full when the check cannot write. */
  private static final long FULL_BELOW_BYTES = 1 << 20;
  /** Reports the space of the file system under a volume; a seam so tests can fill a disk. */
  public interface Space {
    long totalBytes() throws IOException;

    long usableBytes() throws IOException;
  }

  private final VolumeLayout layout;
  private final long reservedBytes;
  private final Space space;

  public Volume(VolumeLayout layout, long reservedBytes, Space space) {
    this.layout = layout;
    this.reservedBytes = reservedBytes;
    this.space = space;
  }

  /** Opens (creating the folders of) the volume at {@code root}, keeping {@code reservedBytes} free for others. */
  public static Volume open(Path root, long reservedBytes) throws IOException {
    VolumeLayout layout = new VolumeLayout(root);
    Files.createDirectories(layout.finalizedDir());
    Files.createDirectories(layout.rbwDir());
    FileStore store = Files.getFileStore(root);
    return new Volume(layout, reservedBytes, new Space() {
      @Override
      public long totalBytes() throws IOException {
        return store.getTotalSpace();
      }

      @Override
      public long usableBytes() throws IOException {
        return store.getUsableSpace();
      }
    });
  }

  public VolumeLayout layout() {
    return layout;
  }

  public long capacityBytes() throws IOException {
    return space.totalBytes();
  }

  /** Usable space less the reserve, never negative. */
  public long remainingBytes() throws IOException {
    return Math.max(0, space.usableBytes() - reservedBytes);
  }

  /** Throws {@link ErrorCode#IO} when fewer than {@code bytes} remain. */
  public void ensureSpace(long bytes) throws CairnException {
    long remaining;
    try {
      remaining = remainingBytes();
    } catch (IOException e) {
      throw new CairnException(ErrorCode.IO, "cannot read the free space of " + layout.root() + ": " + e.getMessage(), e);
    }
    if (remaining < bytes) {
      throw new CairnException(ErrorCode.IO, "no space left on volume " + layout.root() + ": " + remaining
          + " bytes remain, " + bytes + " needed");
    }
  }

  /**
   * Checks that the volume can still hold replicas: its folders are there and are folders, and a
   * small file ({@code current/volume.check}) can be written and forced (HDFS's DiskChecker does the
   * same). Permissions are not relied on: a DataNode run as root ignores them. Returns the problem
   * found, or empty when the volume is usable.
   */
  public Optional<String> check() {
    for (Path dir : List.of(layout.root(), layout.finalizedDir(), layout.rbwDir())) {
      if (!Files.isDirectory(dir)) {
        return Optional.of(dir + " is " + (Files.exists(dir) ? "not a folder" : "gone"));
      }
    }
    // One file, kept and rewritten in place: a file made and deleted at each check would come and go
    // under anyone listing the folder.
    Path probe = layout.root().resolve("current").resolve(CHECK_FILE);
    try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      DiskIo.writeFully(ch, ByteBuffer.wrap(new byte[] {'c', 'a', 'i', 'r', 'n'}), 0);
      ch.force(true);
    } catch (IOException e) {
      if (nearlyFull()) {
        // ENOSPC: a full disk is not a failed one; the space check refuses writes until room comes back.
        return Optional.empty();
      }
      return Optional.of("cannot write " + probe + ": " + e);
    }
    try {
      remainingBytes();
    } catch (IOException e) {
      return Optional.of("cannot read the free space of " + layout.root() + ": " + e);
    }
    return Optional.empty();
  }

  private boolean nearlyFull() {
    try {
      return space.usableBytes() < FULL_BELOW_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  /** Makes the entries of {@code dir} (renames, new files) durable. */
  public static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}

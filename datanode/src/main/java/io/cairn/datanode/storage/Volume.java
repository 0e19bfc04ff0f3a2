package io.cairn.datanode.storage;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One data folder: its layout, the space of the file system under it, and directory fsyncs. Thread-safe. */
public final class Volume {
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

  /** Makes the entries of {@code dir} (renames, new files) durable. */
  public static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}

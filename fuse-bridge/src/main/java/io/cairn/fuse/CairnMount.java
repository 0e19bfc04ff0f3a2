package io.cairn.fuse;

import io.cairn.client.CairnClient;
import io.cairn.client.io.Pause;
import io.cairn.common.time.SystemClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.cryptomator.jfuse.api.Fuse;
import org.cryptomator.jfuse.api.FuseBuilder;
import org.cryptomator.jfuse.api.FuseMountFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kernel mount of a Cairn namespace: mounts on {@link #mount}, serves on libfuse's threads, and
 * ends when {@link #close} unmounts it or someone else does ({@code fusermount3 -u}, {@code umount}),
 * which {@link #awaitUnmounted} notices. Closing finishes every file still open, so what was written
 * reaches Cairn.
 */
final class CairnMount implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CairnMount.class);
  private static final long UNMOUNT_POLL_MS = 200;

  private final Path mountPoint;
  private final CairnClient fs;
  private final OpenFiles openFiles;
  private final Fuse fuse;
  private boolean closed;

  private CairnMount(Path mountPoint, CairnClient fs, OpenFiles openFiles, Fuse fuse) {
    this.mountPoint = mountPoint;
    this.fs = fs;
    this.openFiles = openFiles;
    this.fuse = fuse;
  }

  /**
   * Mounts the namespace of {@code fs} at {@code mountPoint}; {@code options} go to libfuse as
   * {@code -o} options after the bridge's own (so they win). Takes ownership of {@code fs}.
   */
  static CairnMount mount(Path mountPoint, CairnClient fs, MountSettings settings, List<String> options)
      throws IOException {
    Path dir = mountPoint.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": the mount point must be an existing directory");
    }
    if (MountTable.isMounted(dir)) {
      throw new IOException(dir + ": something is already mounted there");
    }
    if (!Files.isReadable(Path.of(settings.libfusePath()))) {
      throw new IOException(settings.libfusePath() + ": libfuse3 not found (install fuse3 and libfuse3-3, or set "
          + MountSettings.PREFIX + "libfuse)");
    }
    OpenFiles openFiles = new OpenFiles();
    Identities identities = Identities.system();
    NameNodeRetry retry = new NameNodeRetry(settings.nameNodeRetryMs(), SystemClock.INSTANCE, Pause.SLEEP);
    MountContext ctx = new MountContext(fs, retry, new AttributeCache(SystemClock.INSTANCE, settings.attrCacheMs(),
        100_000), openFiles, new StatMapping(identities),
        new OpenFile.Context(fs, retry, new StagingArea(settings.stagingDir(), settings.stagingMaxBytes()),
            settings.readAheadBytes(), openFiles, Pause.SLEEP));
    FuseBuilder builder = Fuse.builder();
    builder.setLibraryPath(settings.libfusePath());
    Fuse fuse = builder.build(new CairnFuse(builder.errno(), ctx, identities, settings.maxWriteBytes()));
    try {
      fuse.mount("cairn", dir, flags(fs.nameNode(), settings, options));
    } catch (FuseMountFailedException | IllegalArgumentException e) {
      closeQuietly(fuse);
      throw new IOException(dir + ": mounting failed: " + e.getMessage()
          + " (is /dev/fuse there, fusermount3 installed, and the folder not in use?)", e);
    }
    LOG.info("Mounted cairn://{} at {}", fs.nameNode(), dir);
    return new CairnMount(dir, fs, openFiles, fuse);
  }

  private static String[] flags(String nameNode, MountSettings settings, List<String> userOptions) {
    String timeout = Double.toString(settings.kernelCacheSeconds());
    List<String> flags = new ArrayList<>();
    flags.add("-o");
    // default_permissions: the kernel checks access against the modes and owners getattr reports.
    // auto_cache: a file opened again keeps its cached pages unless its size or mtime changed.
    flags.add(String.join(",", "fsname=cairn://" + nameNode, "subtype=cairn", "default_permissions", "auto_cache",
        "attr_timeout=" + timeout, "entry_timeout=" + timeout, "negative_timeout=0"));
    for (String o : userOptions) {
      flags.add("-o");
      flags.add(o);
    }
    return flags.toArray(String[]::new);
  }

  Path mountPoint() {
    return mountPoint;
  }

  /** Blocks until the mount is gone from the kernel's mount table. */
  void awaitUnmounted() throws IOException, InterruptedException {
    while (MountTable.isMounted(mountPoint)) {
      Thread.sleep(UNMOUNT_POLL_MS);
    }
  }

  /** Unmounts (unless already unmounted), finishes every open file and closes the client. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(fuse);
    for (OpenFile f : openFiles.drain()) {
      try {
        f.release();
      } catch (IOException e) {
        LOG.warn("{}: could not finish the file at unmount: {}", f.path(), e.toString());
      }
    }
    fs.close();
    LOG.info("Unmounted {}", mountPoint);
  }

  private static void closeQuietly(Fuse fuse) {
    try {
      fuse.close();
    } catch (TimeoutException e) {
      LOG.warn("libfuse's loop did not stop within its timeout");
    }
  }
}

package io.cairn.datanode.storage;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.wire.DataTransfer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas of one volume: an in-memory map id -> replica (a DataNode holds far fewer replicas
 * than the namespace has files), rebuilt by scanning the folders at start. {@link ReplicaStore} routes
 * each call to the volume that holds the replica (or, for a new one, to the volume it chooses), and
 * is told through {@link VolumeHealth} of I/O errors that may mean the volume failed. Thread-safe: state changes
 * (create, append, finalize, delete) hold the store's lock, which covers only renames and opens;
 * data writes and fsyncs happen outside it. Every method may block on the disk: never call from an
 * event loop, except {@link #get} (no lock) and {@link #openForRead(long, long, Executor)} with an
 * executor of another thread, which waits at most for this volume's own disk operations (the read
 * path opens replicas on the event loop that sends them by sendfile, which waits on this disk anyway).
 */
final class VolumeReplicas {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeReplicas.class);
  /** Room a new write needs at the least: one full packet and its checksums. */
  static final long MIN_FREE_FOR_WRITE_BYTES =
      DataTransfer.MAX_PACKET_DATA_BYTES + MetaFormat.metaLength(DataTransfer.MAX_PACKET_DATA_BYTES);

  private final Volume volume;
  private final VolumeLayout layout;
  private final ReplicaListener listener;
  private final VolumeHealth health;
  /** Changed only under the lock; read without it only by {@link #get}. */
  private final Map<Long, Replica> replicas;
  /** The open writer of each replica being written. */
  // @GuardedBy("this")
  private final Map<Long, ReplicaWriter> writing = new HashMap<>();
  /** Set when the volume failed: no writer opens any more (a call that found the volume just before). */
  // @GuardedBy("this")
  private boolean offline;

  private VolumeReplicas(Volume volume, ReplicaListener listener, VolumeHealth health, Map<Long, Replica> replicas) {
    this.volume = volume;
    this.layout = volume.layout();
    this.listener = listener;
    this.health = health;
    this.replicas = new ConcurrentHashMap<>(replicas);
  }

  /** Scans {@code volume} (settling what a crash interrupted) and serves its replicas. */
  static VolumeReplicas open(Volume volume, ReplicaListener listener, VolumeHealth health) throws IOException {
    BadReplicaFiles.deleteLegacyQuarantine(volume.layout());
    Map<Long, Replica> found = new VolumeScanner(volume.layout()).scan();
    long rbw = found.values().stream().filter(r -> !r.finalized()).count();
    LOG.info("volume {} holds {} replicas ({} not finalized)", volume.layout().root(), found.size(), rbw);
    return new VolumeReplicas(volume, listener, health, found);
  }

  Volume volume() {
    return volume;
  }

  /**
   * Starts a new replica in {@code rbw}. Refused when a finalized replica or a writer of this block
   * exists ({@link ErrorCode#EXISTS}), when a left-over replica has a newer generation stamp
   * ({@link ErrorCode#NOT_FOUND}) or when the volume is full ({@link ErrorCode#IO}). A left-over
   * replica with an older or equal stamp is replaced.
   */
  ReplicaWriter create(long blockId, long genstamp) throws CairnException {
    volume.ensureSpace(MIN_FREE_FOR_WRITE_BYTES);
    synchronized (this) {
      Replica old = replicas.get(blockId);
      if (old != null) {
        checkWritable(old, genstamp);
        if (old.finalized()) {
          throw new CairnException(ErrorCode.EXISTS, "blk_" + blockId + " already has a finalized replica");
        }
        deleteFiles(old);
      }
      Replica r = new Replica(blockId, genstamp, 0, ReplicaState.RBW);
      ReplicaWriter w = openWriter(r, true);
      replicas.put(blockId, r);
      writing.put(blockId, w);
      return w;
    }
  }

  /**
   * Reopens a replica for an append: it must hold {@code lengthBytes} (exactly when finalized; at
   * least when being written, cut to that length) and takes {@code genstamp}, which must not be
   * older than its own.
   */
  ReplicaWriter append(long blockId, long genstamp, long lengthBytes) throws CairnException {
    return reopen(blockId, genstamp, lengthBytes, false);
  }

  /**
   * Pipeline recovery: reopens the replica under the newer {@code genstamp}, cut to
   * {@code lengthBytes}, which it must hold at least, whether being written or finalized (by a last
   * packet whose ack never reached the writer). A writer still attached at an older stamp is stopped
   * first (its next write fails), as {@link #recover} does. With no replica and a length of 0, a new
   * one is started (a node that joined the pipeline before any byte was acknowledged).
   */
  ReplicaWriter recoverForPipeline(long blockId, long genstamp, long lengthBytes) throws CairnException {
    ReplicaWriter stopped;
    synchronized (this) {
      Replica old = replicas.get(blockId);
      if (old == null && lengthBytes == 0) {
        return create(blockId, genstamp);
      }
      if (old == null) {
        throw new CairnException(ErrorCode.NOT_FOUND, "blk_" + blockId + ": no replica to recover");
      }
      if (old.genstamp() >= genstamp && !(old.genstamp() == genstamp && old.finalized())) {
        // Equal is allowed only for a replica a transfer just made for this recovery.
        throw stale(old, genstamp);
      }
      stopped = old.genstamp() < genstamp ? writing.remove(blockId) : null;
    }
    if (stopped != null) {
      stopped.close();
    }
    return reopen(blockId, genstamp, lengthBytes, true);
  }

  private ReplicaWriter reopen(long blockId, long genstamp, long lengthBytes, boolean mayCut)
      throws CairnException {
    volume.ensureSpace(MIN_FREE_FOR_WRITE_BYTES);
    synchronized (this) {
      checkOnline(blockId);
      Replica old = replicas.get(blockId);
      if (old == null) {
        throw new CairnException(ErrorCode.NOT_FOUND, "blk_" + blockId + ": no replica to append to");
      }
      checkWritable(old, genstamp);
      long onDisk = old.finalized() ? old.lengthBytes() : sizeOf(layout.blockFile(old));
      if (old.finalized() && !mayCut ? onDisk != lengthBytes : onDisk < lengthBytes) {
        throw CairnException.invalidArgument("blk_" + blockId + ": the replica holds " + onDisk
            + " bytes, the append expects " + lengthBytes);
      }
      Replica r = new Replica(blockId, genstamp, lengthBytes, ReplicaState.RBW);
      try {
        // Meta first, then the block: a crash in between leaves "block finalized, meta in rbw",
        // which the scanner turns into a replica being written (see VolumeScanner).
        Files.move(layout.metaFile(old), layout.metaFile(r), StandardCopyOption.ATOMIC_MOVE);
        if (old.finalized()) {
          Files.move(layout.blockFile(old), layout.blockFile(r), StandardCopyOption.ATOMIC_MOVE);
        }
      } catch (IOException e) {
        throw new CairnException(ErrorCode.IO, "blk_" + blockId + ": cannot reopen for append: " + e, e);
      }
      replicas.put(blockId, r);
      ReplicaWriter w = openWriter(r, false);
      writing.put(blockId, w);
      return w;
    }
  }

  // Requires: the lock is held.
  private void checkOnline(long blockId) throws CairnException {
    if (offline) {
      throw new CairnException(ErrorCode.IO, "blk_" + blockId + ": volume " + layout.root() + " failed");
    }
  }

  private void checkWritable(Replica old, long genstamp) throws CairnException {
    if (writing.containsKey(old.blockId())) {
      throw new CairnException(ErrorCode.EXISTS, "blk_" + old.blockId() + " is being written");
    }
    if (old.genstamp() > genstamp) {
      throw stale(old, genstamp);
    }
  }

  // Requires: the lock is held.
  private ReplicaWriter openWriter(Replica r, boolean fresh) throws CairnException {
    checkOnline(r.blockId());
    FileChannel data = null;
    try {
      Path dataFile = layout.blockFile(r);
      Path metaFile = layout.metaFile(r);
      data = FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileChannel meta = FileChannel.open(metaFile, StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      ReplicaWriter w = new ReplicaWriter(this, volume, r, data, dataFile, meta, metaFile);
      if (fresh) {
        data.truncate(0);
        meta.truncate(0);
        DiskIo.writeFully(meta, MetaFormat.header(), 0);
      } else {
        w.truncate(r.lengthBytes());
      }
      return w;
    } catch (IOException e) {
      closeQuietly(data);
      throw new CairnException(ErrorCode.IO, "blk_" + r.blockId() + ": cannot open for writing: " + e, e);
    }
  }

  /**
   * Opens a replica for reading. Its generation stamp must be at least {@code genstamp} (an older one
   * is stale: {@link ErrorCode#NOT_FOUND}); a replica being written shows only what was acknowledged.
   */
  ReplicaInput openForRead(long blockId, long genstamp) throws CairnException {
    return openForRead(blockId, genstamp, Runnable::run);
  }

  /**
   * As {@link #openForRead(long, long)}; the volume check that a missing file asks for (which may
   * block on the disk) and what follows it run on {@code checks}.
   */
  ReplicaInput openForRead(long blockId, long genstamp, Executor checks) throws CairnException {
    // Under the lock: a replica's files change under it (a recovery cuts them after the map names
    // the new stamp, a create at the same stamp replaces them), and only it makes the map and the
    // files agree. A read waits here only for this volume's own disk.
    Replica gone;
    synchronized (this) {
      gone = readable(blockId, genstamp);
      ReplicaInput opened = openFiles(gone);
      if (opened != null) {
        return opened;
      }
    }
    checks.execute(() -> {
      // A file gone may be the whole folder gone: then the volume fails, and the replica with it.
      if (health.suspect(this, new NoSuchFileException(layout.blockFile(gone).toString()))) {
        markBad(gone, "its file is missing");
      }
    });
    throw new CairnException(ErrorCode.NOT_FOUND, "blk_" + blockId + ": the replica's file is missing");
  }

  /** The replica a read of {@code blockId} at {@code genstamp} or later may open; refused when none is. */
  private Replica readable(long blockId, long genstamp) throws CairnException {
    Replica r = replicas.get(blockId);
    if (r == null) {
      throw new CairnException(ErrorCode.NOT_FOUND, "blk_" + blockId + ": no such replica");
    }
    if (r.genstamp() < genstamp) {
      throw stale(r, genstamp);
    }
    return r;
  }

  /** The replica's two files opened, or null when one of them is not where {@code r} says. */
  private ReplicaInput openFiles(Replica r) throws CairnException {
    FileChannel data = null;
    try {
      data = FileChannel.open(layout.blockFile(r), StandardOpenOption.READ);
      FileChannel meta = FileChannel.open(layout.metaFile(r), StandardOpenOption.READ);
      return new ReplicaInput(r, data, meta);
    } catch (NoSuchFileException e) {
      closeQuietly(data);
      return null;
    } catch (IOException e) {
      closeQuietly(data);
      throw new CairnException(ErrorCode.IO, "blk_" + r.blockId() + ": cannot open: " + e, e);
    }
  }

  /**
   * Takes a replica found corrupt, missing or truncated out of service, unless it changed meanwhile
   * (another stamp, or a writer attached): what is left of its files is deleted
   * ({@link BadReplicaFiles}), and the listener is told so the
   * NameNode can restore the replication from a good copy. Returns whether it was taken out.
   */
  boolean markBad(Replica bad, String reason) {
    synchronized (this) {
      Replica r = replicas.get(bad.blockId());
      if (r == null || r.genstamp() != bad.genstamp() || r.finalized() != bad.finalized()
          || writing.containsKey(bad.blockId())) {
        return false;
      }
      replicas.remove(bad.blockId());
      BadReplicaFiles.delete(layout, r);
    }
    LOG.warn("replica blk_{}_{} taken out of service: {}", bad.blockId(), bad.genstamp(), reason);
    listener.bad(bad, reason);
    return true;
  }


  /** Deletes the replica of {@code blockId} when its stamp is not newer than {@code maxGenstamp}. */
  boolean delete(long blockId, long maxGenstamp) throws CairnException {
    synchronized (this) {
      Replica r = replicas.get(blockId);
      if (r == null || r.genstamp() > maxGenstamp) {
        return false;
      }
      replicas.remove(blockId);
      writing.remove(blockId);
      deleteFiles(r);
    }
    listener.deleted(blockId);
    return true;
  }

  /**
   * Lease recovery, step 1: tells the listener of the replica as it stands now (received, with the
   * length acknowledged so far), or that there is none (deleted), so the next incremental report
   * carries it.
   */
  void reportNow(long blockId) {
    Replica r;
    synchronized (this) {
      r = replicas.get(blockId);
    }
    if (r == null) {
      listener.deleted(blockId);
    } else {
      listener.received(r);
    }
  }

  /**
   * Lease recovery, step 2: stops any writer of the replica of {@code blockId} at {@code genstamp}
   * (its next write fails), cuts the replica to {@code lengthBytes}, gives it {@code newGenstamp} and
   * finalizes it. Refused when the replica is missing or at a stamp outside [{@code genstamp},
   * {@code newGenstamp}) ({@link ErrorCode#NOT_FOUND}: its bytes may differ) or, like {@link #append}, shorter than {@code lengthBytes}.
   */
  Replica recover(long blockId, long genstamp, long newGenstamp, long lengthBytes) throws CairnException {
    ReplicaWriter stopped;
    synchronized (this) {
      Replica r = replicas.get(blockId);
      // A newer stamp than the NameNode's (but older than the recovery's) comes from a pipeline
      // recovery whose writer died before UpdatePipeline: its bytes are the acknowledged ones.
      if (r == null || r.genstamp() < genstamp || r.genstamp() >= newGenstamp) {
        throw new CairnException(ErrorCode.NOT_FOUND, "blk_" + blockId + ": no replica at generation stamp "
            + genstamp + " or newer (below " + newGenstamp + ") to recover"
            + (r == null ? "" : " (it has " + r.genstamp() + ")"));
      }
      stopped = writing.remove(blockId);
    }
    if (stopped != null) {
      // Closing its files from here is safe: a write in progress fails (the channel is closed
      // asynchronously), and the writer's own close later finds nothing left to release.
      stopped.close();
    }
    return append(blockId, newGenstamp, lengthBytes).finish();
  }

  /**
   * Without the lock: a read on an event loop asks every volume whether it holds a replica, and must
   * not wait for another volume's renames and creates. What it returns may be gone a moment later.
   */
  Optional<Replica> get(long blockId) {
    return Optional.ofNullable(replicas.get(blockId));
  }

  /** A copy of every replica, for a full block report. */
  synchronized List<Replica> replicas() {
    return new ArrayList<>(replicas.values());
  }

  synchronized int count() {
    return replicas.size();
  }

  VolumeUsage usage() throws IOException {
    long used = 0;
    synchronized (this) {
      for (Replica r : replicas.values()) {
        used += r.lengthBytes() + MetaFormat.metaLength(r.lengthBytes());
      }
    }
    return new VolumeUsage(volume.capacityBytes(), used, volume.remainingBytes());
  }

  /**
   * The volume failed: forgets every replica and stops every writer (its next write fails, so the
   * client's pipeline recovery takes over). Returns the replicas it held, for the NameNode to learn
   * they are gone. Leaves the files alone: the disk is not to be trusted.
   */
  List<Replica> takeOffline() {
    List<Replica> lost;
    List<ReplicaWriter> stopped;
    synchronized (this) {
      offline = true;
      lost = new ArrayList<>(replicas.values());
      stopped = new ArrayList<>(writing.values());
      replicas.clear();
      writing.clear();
    }
    stopped.forEach(ReplicaWriter::stop);
    return lost;
  }

  /** Forgets a replica another volume also holds, and deletes its files, with no report (start-up only). */
  synchronized void dropDuplicate(Replica r) throws CairnException {
    if (replicas.remove(r.blockId(), r)) {
      deleteFiles(r);
    }
  }

  /** An I/O error while writing a replica of this volume: has the volume checked. Call outside the lock. */
  void ioError(IOException cause) {
    health.suspect(this, cause);
  }

  synchronized void publish(ReplicaWriter w, long lengthBytes) {
    if (writing.get(w.blockId()) == w) {
      replicas.computeIfPresent(w.blockId(), (id, r) -> r.withLength(lengthBytes));
    }
  }

  synchronized void released(ReplicaWriter w) {
    writing.remove(w.blockId(), w);
  }

  /** Moves a written replica into {@code finalized}. Requires: its files are forced and closed. */
  Replica finalizeReplica(ReplicaWriter w, long lengthBytes) throws IOException {
    long blockId = w.blockId();
    long genstamp = w.genstamp();
    Replica rbw = new Replica(blockId, genstamp, lengthBytes, ReplicaState.RBW);
    Replica done = new Replica(blockId, genstamp, lengthBytes, ReplicaState.FINALIZED);
    Path dir = layout.finalizedDir(blockId);
    synchronized (this) {
      if (!writing.remove(blockId, w)) {
        throw new CairnException(ErrorCode.IO, "blk_" + blockId + " was deleted while being written");
      }
      if (!Files.isDirectory(layout.finalizedDir())) {
        // Never recreate the folders of a volume that vanished: the check that follows fails it.
        throw new NoSuchFileException(layout.finalizedDir().toString(), null, "the volume's folder is gone");
      }
      Files.createDirectories(dir);
      // Block first, then meta: see append().
      Files.move(layout.blockFile(rbw), layout.blockFile(done), StandardCopyOption.ATOMIC_MOVE);
      Files.move(layout.metaFile(rbw), layout.metaFile(done), StandardCopyOption.ATOMIC_MOVE);
      replicas.put(blockId, done);
    }
    Volume.syncDir(dir);
    Volume.syncDir(layout.rbwDir());
    if (w.reportsMayWait()) {
      listener.receivedMayWait(done);
    } else if (w.keptInPageCache()) {
      listener.receivedInPageCache(done);
    } else {
      listener.received(done);
    }
    return done;
  }

  private void deleteFiles(Replica r) throws CairnException {
    try {
      Files.deleteIfExists(layout.blockFile(r));
      Files.deleteIfExists(layout.metaFile(r));
    } catch (IOException e) {
      throw new CairnException(ErrorCode.IO, "blk_" + r.blockId() + ": cannot delete: " + e, e);
    }
  }

  private static long sizeOf(Path p) throws CairnException {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new CairnException(ErrorCode.IO, p + ": " + e, e);
    }
  }

  private static CairnException stale(Replica r, long genstamp) {
    return new CairnException(ErrorCode.NOT_FOUND, "blk_" + r.blockId() + ": the replica has generation stamp "
        + r.genstamp() + ", the request " + genstamp);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.warn("closing a replica file failed: {}", e.toString());
      }
    }
  }
}

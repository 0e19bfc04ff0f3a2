package io.cairn.datanode.storage;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas of a DataNode over all its volumes (HDFS's FsDataset): each call goes to the volume
 * that holds the replica, a new replica to a volume with room ({@link VolumeChoice}). A volume with an
 * I/O error is checked ({@link Volume#check}); a failed one is taken out of service, its replicas
 * reported to the listener as deleted (so the NameNode copies them from other nodes) and its writers
 * stopped. When more volumes have failed than tolerated, the {@code fatal} callback is told once.
 * Thread-safe; every method may block on the disk: never call from an event loop, except
 * {@link #openForRead(long, long, Executor)} with an executor of another thread.
 */
public final class ReplicaStore implements VolumeHealth {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaStore.class);

  /** Calls one volume. */
  @FunctionalInterface
  private interface VolumeCall<T> {
    T on(VolumeReplicas volume) throws CairnException;
  }

  private final ReplicaListener listener;
  private final int toleratedFailures;
  private final Consumer<String> fatal;
  private final int volumeCount;
  private final VolumeChecker checker;
  /** Volumes in service, in the order configured. */
  // @GuardedBy("this")
  private final List<VolumeReplicas> active = new ArrayList<>();
  /** A copy of {@link #active}, replaced whenever it changes. */
  private volatile List<VolumeReplicas> serving = List.of();
  // @GuardedBy("this")
  private final List<FailedVolume> failed = new ArrayList<>();
  // @GuardedBy("this")
  private final VolumeChoice choice = new VolumeChoice();
  // @GuardedBy("this")
  private boolean fatalTold;

  private ReplicaStore(ReplicaListener listener, int toleratedFailures, Consumer<String> fatal, int volumeCount,
      long checkTimeoutMs) {
    this.listener = listener;
    this.toleratedFailures = toleratedFailures;
    this.fatal = fatal;
    this.volumeCount = volumeCount;
    this.checker = new VolumeChecker(checkTimeoutMs);
  }

  /** One volume, no failure tolerated, nobody told: for tools and tests. */
  public static ReplicaStore open(Volume volume, ReplicaListener listener) throws IOException {
    return open(List.of(volume), List.of(), listener, 0, message -> { });
  }

  /**
   * Scans each volume (settling what a crash interrupted) and serves their replicas.
   *
   * @param failedAtStart volumes that could not be opened: they count as failed
   * @param toleratedFailures failed volumes the store keeps serving with
   * @param fatal told (once, on the thread that found it) when more volumes have failed than tolerated
   * @throws IOException when no volume is usable or more than {@code toleratedFailures} failed already
   */
  public static ReplicaStore open(List<Volume> volumes, List<FailedVolume> failedAtStart, ReplicaListener listener,
      int toleratedFailures, Consumer<String> fatal) throws IOException {
    return open(volumes, failedAtStart, listener, toleratedFailures, fatal, VolumeChecker.DEFAULT_TIMEOUT_MS);
  }

  /**
   * As {@link #open(List, List, ReplicaListener, int, Consumer)}, with a bound on each volume check:
   * one that takes longer fails its volume.
   */
  public static ReplicaStore open(List<Volume> volumes, List<FailedVolume> failedAtStart, ReplicaListener listener,
      int toleratedFailures, Consumer<String> fatal, long checkTimeoutMs) throws IOException {
    ReplicaStore store = new ReplicaStore(listener, toleratedFailures, fatal, volumes.size() + failedAtStart.size(),
        checkTimeoutMs);
    store.failed.addAll(failedAtStart);
    for (Volume v : volumes) {
      try {
        store.active.add(VolumeReplicas.open(v, listener, store));
      } catch (IOException e) {
        LOG.error("volume {} cannot be scanned, taken out of service: {}", v.layout().root(), e.toString());
        store.failed.add(new FailedVolume(v.layout().root(), "cannot be scanned: " + e));
      }
    }
    if (store.active.isEmpty() || store.failed.size() > toleratedFailures) {
      throw new IOException(store.tooManyMessage());
    }
    store.serving = List.copyOf(store.active);
    store.dropDuplicates();
    return store;
  }

  /**
   * A block found on two volumes (a volume that failed, was re-replicated onto another one of this
   * node, and came back after a restart) keeps its best replica: newest stamp, then finalized, then
   * longest. The other is deleted.
   */
  private void dropDuplicates() throws CairnException {
    java.util.Map<Long, VolumeReplicas> holders = new java.util.HashMap<>();
    for (VolumeReplicas v : active) {
      for (Replica r : v.replicas()) {
        VolumeReplicas other = holders.putIfAbsent(r.blockId(), v);
        if (other == null) {
          continue;
        }
        Replica kept = other.get(r.blockId()).orElseThrow();
        boolean better = r.genstamp() != kept.genstamp() ? r.genstamp() > kept.genstamp()
            : r.finalized() != kept.finalized() ? r.finalized() : r.lengthBytes() > kept.lengthBytes();
        LOG.warn("blk_{} is on two volumes; keeping {} on {}", r.blockId(), better ? r : kept,
            (better ? v : other).volume().layout().root());
        if (better) {
          other.dropDuplicate(kept);
          holders.put(r.blockId(), v);
        } else {
          v.dropDuplicate(r);
        }
      }
    }
  }

  /** The first volume in service (the only one of a single-folder DataNode). */
  public Volume volume() {
    return inService().getFirst().volume();
  }

  /** The volumes in service, in the order configured. */
  public synchronized List<Volume> volumes() {
    return active.stream().map(VolumeReplicas::volume).toList();
  }

  public synchronized List<FailedVolume> failedVolumes() {
    return List.copyOf(failed);
  }

  /**
   * Starts a new replica in {@code rbw}: on the volume that holds a left-over of it, else on the next
   * volume with room. Refused when a finalized replica or a writer of this block exists
   * ({@link ErrorCode#EXISTS}), when a left-over replica has a newer generation stamp
   * ({@link ErrorCode#NOT_FOUND}) or when no volume has room ({@link ErrorCode#IO}). A left-over
   * replica with an older or equal stamp is replaced.
   */
  public ReplicaWriter create(long blockId, long genstamp) throws CairnException {
    VolumeReplicas target;
    CairnException failure;
    // Under the store's lock, so that two writes of one block never land on two volumes.
    synchronized (this) {
      VolumeReplicas holder = holder(blockId);
      target = holder != null ? holder : choose();
      try {
        return target.create(blockId, genstamp);
      } catch (CairnException e) {
        failure = e;
      }
    }
    // The volume check this may ask for can wait long on a hung disk: not under the lock, which
    // taking a failed volume out of service needs.
    checkAfter(target, failure, Runnable::run);
    throw failure;
  }

  // Requires: the lock is held.
  private VolumeReplicas choose() throws CairnException {
    List<Long> remaining = new ArrayList<>(active.size());
    StringBuilder seen = new StringBuilder();
    for (VolumeReplicas v : active) {
      long free;
      try {
        free = v.volume().remainingBytes();
      } catch (IOException e) {
        free = -1;
      }
      remaining.add(free);
      seen.append(seen.isEmpty() ? "" : ", ").append(v.volume().layout().root()).append(": ")
          .append(free < 0 ? "unreadable" : free + " bytes");
    }
    int i = choice.choose(remaining, VolumeReplicas.MIN_FREE_FOR_WRITE_BYTES);
    if (i < 0) {
      throw new CairnException(ErrorCode.IO, "no space left on any volume for a new replica (needs "
          + VolumeReplicas.MIN_FREE_FOR_WRITE_BYTES + " bytes; remaining " + seen + ")");
    }
    return active.get(i);
  }

  /** Reopens a replica for an append (see {@link VolumeReplicas#append}); it stays on its volume. */
  public ReplicaWriter append(long blockId, long genstamp, long lengthBytes) throws CairnException {
    return call(holderOrAny(blockId), v -> v.append(blockId, genstamp, lengthBytes));
  }

  /**
   * Pipeline recovery: reopens the replica under the newer {@code genstamp}, cut to
   * {@code lengthBytes}, which it must hold at least, whether being written or finalized (by a last
   * packet whose ack never reached the writer). A writer still attached at an older stamp is stopped
   * first (its next write fails), as {@link #recover} does. With no replica and a length of 0, a new
   * one is started (a node that joined the pipeline before any byte was acknowledged).
   */
  public ReplicaWriter recoverForPipeline(long blockId, long genstamp, long lengthBytes) throws CairnException {
    VolumeReplicas holder = holder(blockId);
    if (holder == null && lengthBytes == 0) {
      // Not under the store's lock: create takes it, and runs a failure's volume check outside it.
      // A replica that appeared meanwhile is create's to find.
      return create(blockId, genstamp);
    }
    return call(holder != null ? holder : anyVolume(), v -> v.recoverForPipeline(blockId, genstamp, lengthBytes));
  }

  /**
   * Opens a replica for reading. Its generation stamp must be at least {@code genstamp} (an older one
   * is stale: {@link ErrorCode#NOT_FOUND}); a replica being written shows only what was acknowledged.
   * A replica whose files are missing is taken out of service, or its whole volume when the volume
   * fails its check.
   */
  public ReplicaInput openForRead(long blockId, long genstamp) throws CairnException {
    return openForRead(blockId, genstamp, Runnable::run);
  }

  /**
   * As {@link #openForRead(long, long)}, for a caller that must not wait for a volume check (the
   * read path, on an event loop): the check that a failure asks for, and what follows from it, run
   * on {@code checks}, and the read fails at once.
   */
  public ReplicaInput openForRead(long blockId, long genstamp, Executor checks) throws CairnException {
    return call(holderOrAny(blockId), checks, v -> v.openForRead(blockId, genstamp, checks));
  }

  /**
   * Takes a replica found corrupt, missing or truncated out of service, unless it changed meanwhile
   * (another stamp, or a writer attached): what is left of its files is deleted, and the listener is told so the
   * NameNode can restore the replication from a good copy. Returns whether it was taken out.
   */
  public boolean markBad(Replica bad, String reason) {
    VolumeReplicas holder = holder(bad.blockId());
    return holder != null && holder.markBad(bad, reason);
  }

  /** Deletes the replica of {@code blockId} when its stamp is not newer than {@code maxGenstamp}. */
  public boolean delete(long blockId, long maxGenstamp) throws CairnException {
    VolumeReplicas holder = holder(blockId);
    return holder != null && call(holder, v -> v.delete(blockId, maxGenstamp));
  }

  /**
   * Lease recovery, step 1: tells the listener of the replica as it stands now (received, with the
   * length acknowledged so far), or that there is none (deleted), so the next incremental report
   * carries it.
   */
  public void reportNow(long blockId) {
    VolumeReplicas holder = holder(blockId);
    if (holder == null) {
      listener.deleted(blockId);
    } else {
      holder.reportNow(blockId);
    }
  }

  /**
   * Lease recovery, step 2: stops any writer of the replica of {@code blockId} at {@code genstamp}
   * (its next write fails), cuts the replica to {@code lengthBytes}, gives it {@code newGenstamp} and
   * finalizes it (see {@link VolumeReplicas#recover}).
   */
  public Replica recover(long blockId, long genstamp, long newGenstamp, long lengthBytes) throws CairnException {
    return call(holderOrAny(blockId), v -> v.recover(blockId, genstamp, newGenstamp, lengthBytes));
  }

  /** The block and meta file of a replica, where its volume keeps them; empty when no volume in service holds it. */
  public Optional<ReplicaFiles> files(Replica r) {
    VolumeReplicas holder = holder(r.blockId());
    if (holder == null) {
      return Optional.empty();
    }
    VolumeLayout layout = holder.volume().layout();
    return Optional.of(new ReplicaFiles(layout.blockFile(r), layout.metaFile(r)));
  }

  public record ReplicaFiles(Path block, Path meta) {}

  public Optional<Replica> get(long blockId) {
    for (VolumeReplicas v : inService()) {
      Optional<Replica> r = v.get(blockId);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** A copy of every replica on the volumes in service, for a full block report. */
  public List<Replica> replicas() {
    List<Replica> all = new ArrayList<>();
    for (VolumeReplicas v : inService()) {
      all.addAll(v.replicas());
    }
    return all;
  }

  public int count() {
    int n = 0;
    for (VolumeReplicas v : inService()) {
      n += v.count();
    }
    return n;
  }

  /** The sums over the volumes in service (a failed volume's space is gone from the node). */
  public VolumeUsage usage() throws IOException {
    long capacity = 0;
    long used = 0;
    long remaining = 0;
    for (VolumeReplicas v : inService()) {
      VolumeUsage u = v.usage();
      capacity += u.capacityBytes();
      used += u.usedBytes();
      remaining += u.remainingBytes();
    }
    return new VolumeUsage(capacity, used, remaining);
  }

  /**
   * Checks every volume in service (the periodic check), side by side; a failed one is taken out of
   * service as soon as its check says so.
   */
  public void checkVolumes() {
    checker.checkAll(inService(), VolumeReplicas::volume, this::fail);
  }

  @Override
  public boolean suspect(VolumeReplicas volume, Exception cause) {
    synchronized (this) {
      if (!active.contains(volume)) {
        return false;
      }
    }
    Optional<String> problem = checker.check(volume.volume());
    if (problem.isEmpty()) {
      // Interrupted (the DataNode is stopping): no verdict, so nothing may follow from "in service".
      return !Thread.currentThread().isInterrupted();
    }
    fail(volume, problem.get() + " (after " + cause + ")");
    return false;
  }

  private void fail(VolumeReplicas volume, String reason) {
    boolean tooMany;
    int failedCount;
    synchronized (this) {
      if (!active.remove(volume)) {
        return;
      }
      serving = List.copyOf(active);
      failed.add(new FailedVolume(volume.volume().layout().root(), reason));
      failedCount = failed.size();
      tooMany = failedCount > toleratedFailures && !fatalTold;
      fatalTold |= tooMany;
    }
    List<Replica> lost = volume.takeOffline();
    LOG.error("volume {} failed and is out of service: {}; {} replicas on it reported lost; {} of {} volumes"
        + " failed, {} tolerated", volume.volume().layout().root(), reason, lost.size(), failedCount, volumeCount,
        toleratedFailures);
    for (Replica r : lost) {
      listener.deleted(r.blockId());
    }
    if (tooMany) {
      fatal.accept(tooManyMessage());
    }
  }

  private synchronized String tooManyMessage() {
    return failed.size() + " of " + volumeCount + " volumes failed, more than the "
        + toleratedFailures + " tolerated (cairn.datanode.failed-volumes.tolerated): "
        + failed.stream().map(f -> f.root() + " (" + f.reason() + ")").collect(Collectors.joining("; "));
  }

  /** Without the lock: reads on an event loop ask, and the lock is held across creates that may wait on a disk. */
  private List<VolumeReplicas> inService() {
    return serving;
  }

  /** The volume in service that holds a replica of {@code blockId}, or null. */
  private VolumeReplicas holder(long blockId) {
    for (VolumeReplicas v : inService()) {
      if (v.get(blockId).isPresent()) {
        return v;
      }
    }
    return null;
  }

  /** The holder or, when none holds it, any volume: it answers as a store without the replica does. */
  private VolumeReplicas holderOrAny(long blockId) throws CairnException {
    VolumeReplicas holder = holder(blockId);
    return holder != null ? holder : anyVolume();
  }

  private VolumeReplicas anyVolume() throws CairnException {
    List<VolumeReplicas> now = inService();
    if (now.isEmpty()) {
      throw new CairnException(ErrorCode.IO, "no volume is in service");
    }
    return now.getFirst();
  }

  /** Runs {@code call} on {@code volume}; an I/O error (not a refusal) has the volume checked. */
  private static <T> T call(VolumeReplicas volume, VolumeCall<T> call) throws CairnException {
    return call(volume, Runnable::run, call);
  }

  /** Runs {@code call}; an I/O error has the volume checked, on {@code checks}. */
  private static <T> T call(VolumeReplicas volume, Executor checks, VolumeCall<T> call) throws CairnException {
    try {
      return call.on(volume);
    } catch (CairnException e) {
      checkAfter(volume, e, checks);
      throw e;
    }
  }

  /** Has {@code volume} checked, on {@code checks}, when {@code e} came from an I/O error (not a refusal). */
  private static void checkAfter(VolumeReplicas volume, CairnException e, Executor checks) {
    if (e.getCause() instanceof IOException io && !(io instanceof CairnException)) {
      checks.execute(() -> volume.ioError(io));
    }
  }
}

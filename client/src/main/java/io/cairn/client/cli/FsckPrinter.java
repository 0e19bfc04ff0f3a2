package io.cairn.client.cli;

import io.cairn.proto.Block;
import io.cairn.proto.FsckBlock;
import io.cairn.proto.FsckFile;
import io.cairn.proto.FsckRequest;
import io.cairn.proto.FsckSummary;
import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Prints fsck's answer in the shape of {@code hdfs fsck}'s. */
final class FsckPrinter {
  private static final DateTimeFormatter ENDED = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
      Locale.ROOT);
  private final PrintWriter out;
  private final FsckRequest request;

  FsckPrinter(PrintWriter out, FsckRequest request) {
    this.out = out;
    this.request = request;
  }

  void file(FsckFile f) {
    int complete = 0;
    for (FsckBlock b : f.getBlocksList()) {
      complete += b.getUnderConstruction() ? 0 : 1;
    }
    if (request.getFiles()) {
      out.printf("%s %d bytes, replicated: replication=%d, %d block(s)%s%s:  %s%n", f.getPath(), f.getLengthBytes(),
          f.getReplication(), f.getBlockCount(), f.getInlineData() ? ", kept in the namespace" : "",
          f.getOpenForWrite() ? ", OPENFORWRITE" : "", status(f));
    }
    for (int i = 0; i < f.getBlocksCount(); i++) {
      FsckBlock b = f.getBlocks(i);
      if (!b.getUnderConstruction()) {
        problem(f, b);
      }
      if (request.getBlocks()) {
        Block blk = b.getBlock();
        out.printf("%d. blk_%d_%d len=%d Live_repl=%d%s%s%n", i, blk.getId(), blk.getGenstamp(), blk.getLengthBytes(),
            b.getLiveReplicas(), b.getCorruptReplicas() > 0 ? " Corrupt_repl=" + b.getCorruptReplicas() : "",
            request.getLocations() ? " " + b.getLocationsList() : "");
      }
    }
    if (request.getFiles() && complete > 0 && !healthy(f)) {
      out.println();
    }
  }

  /** The file line's last word: OK, or its worst problem (each block's is printed below it). */
  private static String status(FsckFile f) {
    boolean under = false;
    boolean corrupt = false;
    for (FsckBlock b : f.getBlocksList()) {
      if (b.getUnderConstruction()) {
        continue;
      }
      if (b.getLiveReplicas() + b.getDecommissioningReplicas() == 0) {
        return b.getCorruptReplicas() > 0 ? "CORRUPT" : "MISSING";
      }
      under |= b.getLiveReplicas() < f.getReplication();
      corrupt |= b.getCorruptReplicas() > 0;
    }
    return under ? "Under replicated" : corrupt ? "Corrupt replicas" : "OK";
  }

  private static boolean healthy(FsckFile f) {
    return f.getBlocksList().stream().allMatch(b -> b.getUnderConstruction()
        || (b.getLiveReplicas() >= f.getReplication() && b.getCorruptReplicas() == 0));
  }

  private void problem(FsckFile f, FsckBlock b) {
    Block blk = b.getBlock();
    String name = "blk_" + blk.getId() + "_" + blk.getGenstamp();
    if (b.getLiveReplicas() + b.getDecommissioningReplicas() == 0) {
      out.printf("%s: %s %s len=%d%n", f.getPath(), b.getCorruptReplicas() > 0 ? "CORRUPT block" : "MISSING block",
          name, blk.getLengthBytes());
    } else if (b.getLiveReplicas() < f.getReplication()) {
      out.printf("%s: Under replicated %s. Target Replicas is %d but found %d live replica(s), %d decommissioning"
          + " replica(s).%n", f.getPath(), name, f.getReplication(), b.getLiveReplicas(), b.getDecommissioningReplicas());
    } else if (b.getCorruptReplicas() > 0) {
      out.printf("%s: %s has %d corrupt replica(s), to be deleted%n", f.getPath(), name, b.getCorruptReplicas());
    }
  }

  /**
   * Prints the summary in hdfs fsck's order (the status first, the verdict on the path last, after
   * when the check ended and how long it took); returns whether the tree is HEALTHY.
   */
  boolean summary(FsckSummary s, String path, long elapsedMs) {
    boolean healthy = s.getMissingBlocks() == 0 && s.getCorruptBlocks() == 0;
    long blocks = s.getTotalBlocks();
    out.println();
    out.printf("Status: %s%n", healthy ? "HEALTHY" : "CORRUPT");
    out.printf(" Total size:\t%d B%n", s.getTotalSizeBytes());
    out.printf(" Total dirs:\t%d%n", s.getTotalDirs());
    out.printf(" Total files:\t%d%n", s.getTotalFiles());
    if (s.getOpenFiles() > 0) {
      out.printf(" Files open for write:\t%d%n", s.getOpenFiles());
    }
    if (s.getInlineFiles() > 0) {
      out.printf(" Files kept in the namespace:\t%d (%d B)%n", s.getInlineFiles(), s.getInlineSizeBytes());
    }
    out.printf(" Total blocks (validated):\t%d (avg. block size %d B)%n", blocks,
        blocks == 0 ? 0 : (s.getTotalSizeBytes() - s.getInlineSizeBytes()) / blocks);
    out.printf(" Minimally replicated blocks:\t%d (%s)%n", s.getMinimallyReplicatedBlocks(),
        percent(s.getMinimallyReplicatedBlocks(), blocks));
    out.printf(" Over-replicated blocks:\t%d (%s)%n", s.getOverReplicatedBlocks(), percent(s.getOverReplicatedBlocks(), blocks));
    out.printf(" Under-replicated blocks:\t%d (%s)%n", s.getUnderReplicatedBlocks(),
        percent(s.getUnderReplicatedBlocks(), blocks));
    out.printf(" Mis-replicated blocks:\t%d (%s)%n", s.getMisReplicatedBlocks(),
        percent(s.getMisReplicatedBlocks(), blocks));
    out.printf(" Default replication factor:\t%d%n", s.getDefaultReplication());
    out.printf(" Average block replication:\t%s%n",
        String.format(Locale.ROOT, "%.1f", blocks == 0 ? 0.0 : (double) s.getTotalReplicas() / blocks));
    out.printf(" Missing blocks:\t%d%n", s.getMissingBlocks());
    if (s.getMissingBlocks() > 0) {
      out.printf(" Missing size:\t%d B%n", s.getMissingSizeBytes());
    }
    out.printf(" Corrupt blocks:\t%d%n", s.getCorruptBlocks());
    out.printf(" Missing replicas:\t%d (%s)%n", s.getMissingReplicas(),
        percent(s.getMissingReplicas(), s.getTotalReplicas() + s.getMissingReplicas()));
    out.printf(" Number of data-nodes:\t%d%n", s.getDatanodes());
    out.printf("FSCK ended at %s in %d milliseconds%n%n%n", ZonedDateTime.now().format(ENDED), elapsedMs);
    out.printf("The filesystem under path '%s' is %s%n", path, healthy ? "HEALTHY" : "CORRUPT");
    return healthy;
  }

  private static String percent(long n, long of) {
    return String.format(Locale.ROOT, "%.1f %%", of == 0 ? 0.0 : n * 100.0 / of);
  }
}

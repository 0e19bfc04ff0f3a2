package io.cairn.bench;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The measured operations of both benchmarks, in the order they run, each with the Cairn/HDFS ratio
 * it should reach: the metadata benchmark's ({@link #METADATA}, ops/s) and the data benchmark's
 * ({@link #DATA}: sequential ones in MiB/s and CPU per MiB, small-file ones in files/s and CPU per file).
 */
enum Phase {
  MKDIRS("mkdirs", 3.0),
  CREATE("create+close", 5.0),
  GET_FILE_INFO("getFileInfo", 1.5),
  LISTING("listing", 1.5),
  RENAME("rename", 3.0),
  DELETE("delete", 3.0),
  WRITE("sequential write, MiB/s", 2.0),
  READ("sequential read, MiB/s", 1.5),
  SMALL_WRITE("small files written/s", 20.0),
  SMALL_READ("small files read/s", 3.0);

  static final Set<Phase> METADATA = Collections.unmodifiableSet(EnumSet.range(MKDIRS, DELETE));
  static final Set<Phase> DATA = Collections.unmodifiableSet(EnumSet.range(WRITE, SMALL_READ));

  private final String label;
  private final double targetRatio;

  Phase(String label, double targetRatio) {
    this.label = label;
    this.targetRatio = targetRatio;
  }

  String label() {
    return label;
  }

  /** The least Cairn ops/s divided by HDFS ops/s that counts as meeting the goal. */
  double targetRatio() {
    return targetRatio;
  }
}

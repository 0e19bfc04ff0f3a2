package io.cairn.datanode.storage;

/** Told of I/O errors on a volume, so the volume is checked and taken out of service when it failed. */
interface VolumeHealth {
  /**
   * {@code cause} happened on {@code volume}: checks the volume now and takes it out of service when
   * the check fails. Returns whether the volume is known to be (still) in service: false also when
   * the calling thread was interrupted before a verdict. Thread-safe; may block on the disk; never
   * call while holding the volume's lock.
   */
  boolean suspect(VolumeReplicas volume, Exception cause);
}

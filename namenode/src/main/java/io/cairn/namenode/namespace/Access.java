package io.cairn.namenode.namespace;

/** Permission bits asked for, as in {@code rwx}. */
public enum Access {
  READ(4),
  WRITE(2),
  EXECUTE(1),
  WRITE_EXECUTE(3),
  READ_EXECUTE(5),
  ALL(7);

  final int bits;

  Access(int bits) {
    this.bits = bits;
  }
}

package io.cairn.fuse;

/** Path arithmetic on the absolute, slash-separated paths FUSE hands over (the same form Cairn uses). */
final class CairnPaths {
  private CairnPaths() {}

  static String child(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Whether {@code path} is {@code ancestor} or lies below it. */
  static boolean isWithin(String path, String ancestor) {
    return path.equals(ancestor) || ancestor.equals("/") || path.startsWith(ancestor + "/");
  }

  /** {@code path} with its {@code oldPrefix} replaced by {@code newPrefix} ({@code isWithin} must hold). */
  static String moved(String path, String oldPrefix, String newPrefix) {
    return newPrefix + path.substring(oldPrefix.length());
  }
}

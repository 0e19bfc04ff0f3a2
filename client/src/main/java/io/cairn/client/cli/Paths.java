package io.cairn.client.cli;

/** Small string helpers for absolute Cairn paths in the shell. */
final class Paths {
  private Paths() {}

  static String name(String path) {
    String p = stripTrailingSlash(path);
    return p.substring(p.lastIndexOf('/') + 1);
  }

  static String child(String dir, String name) {
    String d = stripTrailingSlash(dir);
    return d.equals("/") ? "/" + name : d + "/" + name;
  }

  /** The folder holding {@code path}; "/" for the root's children (and the root). */
  static String parent(String path) {
    String p = stripTrailingSlash(path);
    int slash = p.lastIndexOf('/');
    return slash <= 0 ? "/" : p.substring(0, slash);
  }

  static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}

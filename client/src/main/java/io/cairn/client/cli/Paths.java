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

  static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}

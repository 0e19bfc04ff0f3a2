package io.cairn.common.path;

/**
 * Arithmetic on absolute, slash-separated path strings that are already valid (as the NameNode
 * returns them and FUSE hands them over), for callers that work on strings rather than parsing a
 * {@link CairnPath} at every step. A trailing slash is ignored, as {@link CairnPath#parse} does.
 */
public final class PathStrings {
  private PathStrings() {}

  /** The last component; "" for the root. */
  public static String name(String path) {
    String p = stripTrailingSlash(path);
    return p.substring(p.lastIndexOf('/') + 1);
  }

  public static String child(String dir, String name) {
    String d = stripTrailingSlash(dir);
    return d.equals("/") ? "/" + name : d + "/" + name;
  }

  /** The folder holding {@code path}; "/" for the root's children (and the root). */
  public static String parent(String path) {
    String p = stripTrailingSlash(path);
    int slash = p.lastIndexOf('/');
    return slash <= 0 ? "/" : p.substring(0, slash);
  }

  public static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Whether {@code path} is {@code ancestor} or lies below it. */
  public static boolean isWithin(String path, String ancestor) {
    return path.equals(ancestor) || ancestor.equals("/") || path.startsWith(ancestor + "/");
  }

  /**
   * What {@code path} names below {@code ancestor}, without a leading slash: "b/c" for "/a/b/c"
   * below "/a", "" for the ancestor itself ({@code isWithin} must hold).
   */
  public static String relative(String path, String ancestor) {
    return path.equals(ancestor) ? "" : path.substring(ancestor.equals("/") ? 1 : ancestor.length() + 1);
  }

  /** {@code path} with its {@code oldPrefix} replaced by {@code newPrefix} ({@code isWithin} must hold). */
  public static String moved(String path, String oldPrefix, String newPrefix) {
    return newPrefix + path.substring(oldPrefix.length());
  }
}

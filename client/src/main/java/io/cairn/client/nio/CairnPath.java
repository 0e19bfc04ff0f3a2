package io.cairn.client.nio;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A path on a Cairn file system: '/'-separated names, absolute when it starts with '/'. Kept in
 * normal form (no empty names, no trailing '/'), so equal paths have equal strings; "." and ".."
 * stay as written until {@link #normalize()}. Immutable. Relative paths resolve against the root.
 */
final class CairnPath implements Path {
  private final CairnNioFileSystem fs;
  /** Normal form: "" (the empty path), "/", "a/b", "/a/b". */
  private final String path;
  private volatile String[] names;

  CairnPath(CairnNioFileSystem fs, String path) {
    this.fs = fs;
    this.path = normalForm(path);
  }

  private static String normalForm(String input) {
    if (input.indexOf('\0') >= 0) {
      throw new java.nio.file.InvalidPathException(input, "NUL character in a path");
    }
    StringBuilder out = new StringBuilder(input.length());
    boolean slash = false;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '/') {
        if (!slash) {
          out.append(c);
        }
        slash = true;
      } else {
        out.append(c);
        slash = false;
      }
    }
    if (out.length() > 1 && out.charAt(out.length() - 1) == '/') {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  private String[] names() {
    String[] n = names;
    if (n == null) {
      String body = path.startsWith("/") ? path.substring(1) : path;
      n = body.isEmpty() ? (path.isEmpty() ? new String[] {""} : new String[0]) : body.split("/");
      names = n;
    }
    return n;
  }

  /** The absolute, normalized path string the client library takes. */
  String cairnPath() {
    return ((CairnPath) toAbsolutePath().normalize()).path;
  }

  @Override
  public CairnNioFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return path.startsWith("/");
  }

  @Override
  public Path getRoot() {
    return isAbsolute() ? new CairnPath(fs, "/") : null;
  }

  @Override
  public Path getFileName() {
    String[] n = names();
    if (n.length == 0) {
      return null;
    }
    return n.length == 1 && !isAbsolute() ? this : new CairnPath(fs, n[n.length - 1]);
  }

  @Override
  public Path getParent() {
    String[] n = names();
    if (n.length == 0 || (n.length == 1 && !isAbsolute())) {
      return null;
    }
    int cut = path.lastIndexOf('/');
    return new CairnPath(fs, cut == 0 ? "/" : path.substring(0, cut));
  }

  @Override
  public int getNameCount() {
    return names().length;
  }

  @Override
  public Path getName(int index) {
    String[] n = names();
    if (index < 0 || index >= n.length) {
      throw new IllegalArgumentException("name index " + index + " out of range for " + this);
    }
    return new CairnPath(fs, n[index]);
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    String[] n = names();
    if (beginIndex < 0 || beginIndex >= n.length || endIndex <= beginIndex || endIndex > n.length) {
      throw new IllegalArgumentException("subpath(" + beginIndex + ", " + endIndex + ") out of range for " + this);
    }
    return new CairnPath(fs, String.join("/", Arrays.copyOfRange(n, beginIndex, endIndex)));
  }

  @Override
  public boolean startsWith(Path other) {
    if (!(other instanceof CairnPath o) || o.fs != fs || o.isAbsolute() != isAbsolute()) {
      return false;
    }
    String[] mine = names();
    String[] theirs = o.names();
    if (theirs.length > mine.length || (o.path.isEmpty() && !path.isEmpty())) {
      return false;
    }
    return Arrays.equals(mine, 0, theirs.length, theirs, 0, theirs.length);
  }

  @Override
  public boolean endsWith(Path other) {
    if (!(other instanceof CairnPath o) || o.fs != fs) {
      return false;
    }
    if (o.isAbsolute()) {
      return equals(o);
    }
    String[] mine = names();
    String[] theirs = o.names();
    if (theirs.length > mine.length || (o.path.isEmpty() && !path.isEmpty())) {
      return false;
    }
    return Arrays.equals(mine, mine.length - theirs.length, mine.length, theirs, 0, theirs.length);
  }

  @Override
  public Path normalize() {
    List<String> out = new ArrayList<>();
    for (String name : names()) {
      if (name.equals(".") || name.isEmpty()) {
        continue;
      }
      if (name.equals("..")) {
        if (!out.isEmpty() && !out.getLast().equals("..")) {
          out.removeLast();
          continue;
        }
        if (isAbsolute()) {
          continue; // "/.." is "/"
        }
      }
      out.add(name);
    }
    return new CairnPath(fs, (isAbsolute() ? "/" : "") + String.join("/", out));
  }

  @Override
  public Path resolve(Path other) {
    CairnPath o = check(other);
    if (o.isAbsolute()) {
      return o;
    }
    if (o.path.isEmpty()) {
      return this;
    }
    return path.isEmpty() ? o : new CairnPath(fs, path + "/" + o.path);
  }

  @Override
  public Path relativize(Path other) {
    CairnPath o = check(other);
    if (o.isAbsolute() != isAbsolute()) {
      throw new IllegalArgumentException("cannot relativize " + other + " against " + this + ": one is absolute");
    }
    if (equals(o)) {
      return new CairnPath(fs, "");
    }
    String[] mine = path.isEmpty() ? new String[0] : names();
    String[] theirs = o.path.isEmpty() ? new String[0] : o.names();
    int common = 0;
    while (common < mine.length && common < theirs.length && mine[common].equals(theirs[common])) {
      common++;
    }
    List<String> out = new ArrayList<>();
    for (int i = common; i < mine.length; i++) {
      out.add("..");
    }
    out.addAll(Arrays.asList(theirs).subList(common, theirs.length));
    return new CairnPath(fs, String.join("/", out));
  }

  @Override
  public URI toUri() {
    try {
      return new URI(CairnFileSystemProvider.SCHEME, fs.authority(), cairnPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("path " + path + " has no URI form", e);
    }
  }

  @Override
  public Path toAbsolutePath() {
    return isAbsolute() ? this : new CairnPath(fs, "/" + path);
  }

  /** Cairn has no links: the real path is the absolute, normalized one, once it is known to exist. */
  @Override
  public Path toRealPath(LinkOption... options) throws java.io.IOException {
    CairnPath real = (CairnPath) toAbsolutePath().normalize();
    fs.provider().readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class);
    return real;
  }

  @Override
  public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException("cairn: watching a directory is not supported");
  }

  @Override
  public int compareTo(Path other) {
    return path.compareTo(((CairnPath) other).path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CairnPath p && p.fs == fs && p.path.equals(path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fs.authority(), path);
  }

  @Override
  public String toString() {
    return path;
  }

  private CairnPath check(Path other) {
    if (!(other instanceof CairnPath o) || o.fs != fs) {
      throw new ProviderMismatchException("not a path of " + fs + ": " + other);
    }
    return o;
  }
}

package io.cairn.common.path;

import io.cairn.common.error.CairnException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated absolute path in the Cairn namespace. Every entry point parses paths through here,
 * so the rules live in one place: absolute, no empty, "." or ".." components, no NUL, names of at
 * most {@value #MAX_NAME_BYTES} bytes and paths of at most {@value #MAX_PATH_BYTES} bytes (UTF-8).
 * A single trailing slash is accepted ("/a/" is "/a").
 */
public final class CairnPath {
  public static final int MAX_NAME_BYTES = 255;
  public static final int MAX_PATH_BYTES = 8000;
  public static final CairnPath ROOT = new CairnPath(List.of());

  private final List<String> components;

  private CairnPath(List<String> components) {
    this.components = components;
  }

  /** Parses and validates {@code raw}; throws {@code INVALID_PATH} naming the problem. */
  public static CairnPath parse(String raw) throws CairnException {
    if (raw == null || raw.isEmpty()) {
      throw CairnException.invalidPath("", "empty path");
    }
    if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw CairnException.invalidPath(raw, "longer than " + MAX_PATH_BYTES + " bytes");
    }
    if (raw.charAt(0) != '/') {
      throw CairnException.invalidPath(raw, "not absolute (must start with /)");
    }
    String body = raw.length() > 1 && raw.endsWith("/") ? raw.substring(1, raw.length() - 1) : raw.substring(1);
    if (body.isEmpty()) {
      return ROOT;
    }
    List<String> parts = new ArrayList<>();
    for (String name : body.split("/", -1)) {
      validateName(raw, name);
      parts.add(name);
    }
    return new CairnPath(List.copyOf(parts));
  }

  /** Checks one name as it would appear as a path component. */
  public static void validateName(String context, String name) throws CairnException {
    if (name.isEmpty()) {
      throw CairnException.invalidPath(context, "empty name (double slash)");
    }
    if (name.equals(".") || name.equals("..")) {
      throw CairnException.invalidPath(context, "'" + name + "' components are not allowed");
    }
    if (name.indexOf('\0') >= 0) {
      throw CairnException.invalidPath(context, "NUL character in a name");
    }
    if (name.indexOf('/') >= 0) {
      throw CairnException.invalidPath(context, "'/' inside a name");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw CairnException.invalidPath(context, "a name is longer than " + MAX_NAME_BYTES + " bytes");
    }
  }

  public boolean isRoot() {
    return components.isEmpty();
  }

  public int depth() {
    return components.size();
  }

  public List<String> components() {
    return components;
  }

  /** The last component; "" for the root. */
  public String name() {
    return isRoot() ? "" : components.getLast();
  }

  /** The parent; the root is its own parent. */
  public CairnPath parent() {
    return isRoot() ? this : new CairnPath(components.subList(0, components.size() - 1));
  }

  /** The ancestor (or self) with {@code depth} components; requires 0 <= depth <= depth(). */
  public CairnPath prefix(int depth) {
    return depth == components.size() ? this : new CairnPath(components.subList(0, depth));
  }

  /** Requires: {@code name} is a valid name. */
  public CairnPath child(String name) {
    List<String> parts = new ArrayList<>(components);
    parts.add(name);
    return new CairnPath(List.copyOf(parts));
  }

  /** True when {@code other} is this path or lies below it. */
  public boolean isAncestorOrSelf(CairnPath other) {
    return other.components.size() >= components.size()
        && other.components.subList(0, components.size()).equals(components);
  }

  @Override
  public String toString() {
    return isRoot() ? "/" : "/" + String.join("/", components);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CairnPath p && p.components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }
}

package io.cairn.client.nio;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The string form of attribute access ({@code Files.readAttributes(p, "posix:owner,size")},
 * {@code Files.setAttribute(p, "posix:permissions", perms)}): parses "[view:]name,name|*" and
 * reads or writes through the attribute records and view. Pure apart from the view it is handed.
 */
final class AttributeMaps {
  private static final List<String> BASIC = List.of("lastModifiedTime", "lastAccessTime", "creationTime", "size",
      "isRegularFile", "isDirectory", "isSymbolicLink", "isOther", "fileKey");
  private static final List<String> OWNER = List.of("owner");
  private static final List<String> POSIX_ONLY = List.of("permissions", "group");

  private AttributeMaps() {}

  /** The view named before the ':' ("basic" when there is none); unknown views are refused. */
  static String view(String attributes) {
    int colon = attributes.indexOf(':');
    String view = colon < 0 ? "basic" : attributes.substring(0, colon);
    if (!CairnNioFileSystem.VIEWS.contains(view)) {
      throw new UnsupportedOperationException("cairn: no attribute view '" + view + "' (there are "
          + CairnNioFileSystem.VIEWS + ")");
    }
    return view;
  }

  private static String names(String attributes) {
    int colon = attributes.indexOf(':');
    return colon < 0 ? attributes : attributes.substring(colon + 1);
  }

  static Map<String, Object> read(CairnFileAttributes a, String attributes) {
    String view = view(attributes);
    List<String> known = known(view);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : names(attributes).split(",")) {
      if (name.equals("*")) {
        known.forEach(k -> out.put(k, value(a, k)));
      } else if (known.contains(name)) {
        out.put(name, value(a, name));
      } else {
        throw new IllegalArgumentException("cairn: no attribute '" + name + "' in view '" + view + "'");
      }
    }
    return out;
  }

  /** Sets one attribute; the ones Cairn cannot change (size, kind, file key, creation time) are refused. */
  @SuppressWarnings("unchecked")
  static void write(CairnAttributeView view, String attribute, Object value) throws java.io.IOException {
    String name = names(attribute);
    switch (name) {
      case "lastModifiedTime" -> view.setTimes((FileTime) value, null, null);
      case "lastAccessTime" -> view.setTimes(null, (FileTime) value, null);
      case "permissions" -> view.setPermissions((Set<PosixFilePermission>) value);
      case "owner" -> view.setOwner((UserPrincipal) value);
      case "group" -> view.setGroup((GroupPrincipal) value);
      default -> throw new IllegalArgumentException("cairn: attribute '" + attribute + "' cannot be set");
    }
  }

  private static List<String> known(String view) {
    return switch (view) {
      case "owner" -> OWNER;
      case "posix" -> concat(BASIC, OWNER, POSIX_ONLY);
      default -> BASIC;
    };
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }

  private static Object value(CairnFileAttributes a, String name) {
    return switch (name) {
      case "lastModifiedTime" -> a.lastModifiedTime();
      case "lastAccessTime" -> a.lastAccessTime();
      case "creationTime" -> a.creationTime();
      case "size" -> a.size();
      case "isRegularFile" -> a.isRegularFile();
      case "isDirectory" -> a.isDirectory();
      case "isSymbolicLink" -> a.isSymbolicLink();
      case "isOther" -> a.isOther();
      case "fileKey" -> a.fileKey();
      case "owner" -> a.owner();
      case "permissions" -> a.permissions();
      case "group" -> a.group();
      default -> throw new IllegalArgumentException("cairn: no attribute '" + name + "'");
    };
  }
}

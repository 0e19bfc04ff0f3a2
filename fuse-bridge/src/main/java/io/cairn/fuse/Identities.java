package io.cairn.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Maps Cairn's owner and group names to this machine's uids and gids and back, through the name
 * service ({@code getent passwd|group}, which covers /etc files, LDAP and the rest as configured).
 * A name with no local account shows as {@code nobody}/{@code nogroup} (65534), unless the name is
 * a number, which is taken as the id (so a chown to an id with no account round-trips). Answers are
 * cached for the life of the mount. Thread-safe.
 */
final class Identities {
  static final int NOBODY = 65534;

  /** Looks a key up in a name-service database; null when it has no entry. */
  @FunctionalInterface
  interface Lookup {
    String[] entry(String database, String key) throws IOException;
  }

  private final Lookup lookup;
  private final ConcurrentHashMap<String, Integer> uids = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> gids = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, String> userNames = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, String> groupNames = new ConcurrentHashMap<>();

  Identities(Lookup lookup) {
    this.lookup = lookup;
  }

  static Identities system() {
    return new Identities(Identities::getent);
  }

  int uid(String user) {
    return uids.computeIfAbsent(user, u -> idOf("passwd", u));
  }

  int gid(String group) {
    return gids.computeIfAbsent(group, g -> idOf("group", g));
  }

  String userName(int uid) {
    return userNames.computeIfAbsent(uid, id -> nameOf("passwd", id));
  }

  String groupName(int gid) {
    return groupNames.computeIfAbsent(gid, id -> nameOf("group", id));
  }

  private int idOf(String database, String name) {
    String[] e = find(database, name);
    if (e != null && e.length > 2) {
      try {
        return Integer.parseInt(e[2]);
      } catch (NumberFormatException ignored) {
        // a malformed entry: treat as no account
      }
    }
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
      return Integer.parseInt(name);
    }
    return NOBODY;
  }

  private String nameOf(String database, int id) {
    String[] e = find(database, Integer.toString(id));
    return e != null && e.length > 0 && !e[0].isEmpty() ? e[0] : Integer.toString(id);
  }

  private String[] find(String database, String key) {
    try {
      return lookup.entry(database, key);
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code getent DATABASE KEY}: the entry's colon-separated fields, or null (exit status 2: no entry). */
  private static String[] getent(String database, String key) throws IOException {
    Process p = new ProcessBuilder("getent", database, key).redirectErrorStream(true).start();
    try (InputStream in = p.getInputStream()) {
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        p.destroy();
        return null;
      }
      return out.split("\n", 2)[0].split(":", -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while looking up " + key + " in " + database, e);
    }
  }
}

package io.cairn.namenode.namespace;

import java.util.Set;

/** Who asks: a user name, the groups it belongs to, and whether it is the superuser. */
public record Caller(String user, Set<String> groups, boolean superuser) {
  public Caller {
    groups = Set.copyOf(groups);
  }
}

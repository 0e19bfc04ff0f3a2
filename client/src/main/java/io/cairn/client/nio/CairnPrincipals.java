package io.cairn.client.nio;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;

/** Cairn's owners and groups: plain names, as the NameNode stores them. */
final class CairnPrincipals {
  private CairnPrincipals() {}

  record User(String getName) implements UserPrincipal {
    @Override
    public String toString() {
      return getName;
    }
  }

  record Group(String getName) implements GroupPrincipal {
    @Override
    public String toString() {
      return getName;
    }
  }
}

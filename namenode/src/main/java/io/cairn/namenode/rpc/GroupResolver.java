package io.cairn.namenode.rpc;

import java.util.Set;

/** The groups a user belongs to, as the NameNode's host sees them (HDFS's group mapping). */
@FunctionalInterface
public interface GroupResolver {
  Set<String> groupsOf(String user);
}

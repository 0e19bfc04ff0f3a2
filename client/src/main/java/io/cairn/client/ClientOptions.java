package io.cairn.client;

import io.cairn.client.io.DataPathOptions;

/**
 * How a {@link CairnClient} behaves.
 *
 * @param user the user name sent with every call (simple identity)
 * @param rpcDeadlineMs how long one NameNode call may take
 * @param umask permission bits removed from new files and directories
 * @param data how file data moves to and from DataNodes (timeouts, buffers, caches)
 */
public record ClientOptions(String user, long rpcDeadlineMs, int umask, DataPathOptions data) {
  public static ClientOptions defaults() {
    return new ClientOptions(CairnClient.defaultUser(), 60_000, CairnClient.DEFAULT_UMASK, DataPathOptions.defaults());
  }

  public ClientOptions withUser(String newUser) {
    return new ClientOptions(newUser, rpcDeadlineMs, umask, data);
  }

  public ClientOptions withData(DataPathOptions newData) {
    return new ClientOptions(user, rpcDeadlineMs, umask, newData);
  }
}

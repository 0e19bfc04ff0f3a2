package io.cairn.client;

/**
 * How a {@link CairnClient} behaves.
 *
 * @param user the user name sent with every call (simple identity)
 * @param rpcDeadlineMs how long one NameNode call may take
 * @param umask permission bits removed from new files and directories
 */
public record ClientOptions(String user, long rpcDeadlineMs, int umask) {
  public static ClientOptions defaults() {
    return new ClientOptions(CairnClient.defaultUser(), 60_000, CairnClient.DEFAULT_UMASK);
  }

  public ClientOptions withUser(String newUser) {
    return new ClientOptions(newUser, rpcDeadlineMs, umask);
  }
}

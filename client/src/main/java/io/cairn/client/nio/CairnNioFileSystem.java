package io.cairn.client.nio;

import io.cairn.client.CairnClient;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/**
 * One Cairn cluster as a {@link FileSystem}: the NameNode at {@link #authority()}, reached through
 * one {@link CairnClient}. Open until {@link #close()}, which closes the client; after that its
 * paths fail with {@link java.nio.file.ClosedFileSystemException}. Thread-safe.
 */
final class CairnNioFileSystem extends FileSystem {
  static final Set<String> VIEWS = Set.of("basic", "posix", "owner");

  private final CairnFileSystemProvider provider;
  private final String authority;
  private final CairnClient client;
  private final CairnFileStore store = new CairnFileStore(this);
  private volatile boolean open = true;

  CairnNioFileSystem(CairnFileSystemProvider provider, String authority, CairnClient client) {
    this.provider = provider;
    this.authority = authority;
    this.client = client;
  }

  /** "host:port" of the NameNode, as in the URIs of this file system's paths. */
  String authority() {
    return authority;
  }

  CairnClient client() {
    if (!open) {
      throw new java.nio.file.ClosedFileSystemException();
    }
    return client;
  }

  CairnFileStore store() {
    return store;
  }

  @Override
  public CairnFileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      provider.closed(this);
      client.close();
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return "/";
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    return List.of(new CairnPath(this, "/"));
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return List.of(store);
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return VIEWS;
  }

  @Override
  public Path getPath(String first, String... more) {
    StringBuilder joined = new StringBuilder(first);
    for (String m : more) {
      if (!m.isEmpty()) {
        joined.append('/').append(m);
      }
    }
    return new CairnPath(this, joined.toString());
  }

  /**
   * "glob:" and "regex:" patterns with the default (Unix) file system's syntax, matched against
   * the path's string: both use '/' as the separator, so the JDK's own matcher does the work.
   */
  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher unix = FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
    return path -> unix.matches(Path.of(path.toString()));
  }

  /** Cairn users and groups are names (simple identity); any name is a principal. */
  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return new UserPrincipalLookupService() {
      @Override
      public UserPrincipal lookupPrincipalByName(String name) {
        return new CairnPrincipals.User(name);
      }

      @Override
      public GroupPrincipal lookupPrincipalByGroupName(String group) {
        return new CairnPrincipals.Group(group);
      }
    };
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("cairn: watch services are not supported");
  }

  @Override
  public String toString() {
    return CairnFileSystemProvider.SCHEME + "://" + authority;
  }
}

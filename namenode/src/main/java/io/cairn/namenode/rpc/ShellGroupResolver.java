package io.cairn.namenode.rpc;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Resolves groups with {@code id -Gn USER} on the NameNode's host, cached for five minutes, as
 * HDFS's ShellBasedUnixGroupsMapping does. An unknown user has no groups. Once a user is known,
 * stale entries are refreshed in the background and the old groups serve meanwhile, because
 * callers may be on the RPC transport's threads, which must not wait for a process.
 */
public final class ShellGroupResolver implements GroupResolver {
  private final LoadingCache<String, Set<String>> cache = CacheBuilder.newBuilder()
      .maximumSize(10_000)
      .refreshAfterWrite(Duration.ofMinutes(5))
      .expireAfterWrite(Duration.ofHours(1))
      .build(CacheLoader.asyncReloading(CacheLoader.from(ShellGroupResolver::lookup),
          Executors.newSingleThreadExecutor(Thread.ofPlatform().name("group-refresh").daemon().factory())));

  @Override
  public Set<String> groupsOf(String user) {
    return cache.getUnchecked(user);
  }

  private static Set<String> lookup(String user) {
    try {
      Process p = new ProcessBuilder("id", "-Gn", "--", user).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.getErrorStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        return Set.of();
      }
      return Set.of(out.split("\\s+"));
    } catch (IOException e) {
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    }
  }
}

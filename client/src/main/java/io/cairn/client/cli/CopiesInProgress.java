package io.cairn.client.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The temporary files of the copies this command is making, so that a command ended by a signal
 * (Ctrl-C, kill) removes them on its way out, as hdfs dfs does, instead of leaving a
 * {@code ._COPYING_} file that blocks the next copy to the same name. Thread-safe.
 */
final class CopiesInProgress {
  private static final Map<Object, Runnable> REMOVERS = new ConcurrentHashMap<>();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  private CopiesInProgress() {}

  /** Until {@link #done}, {@code removal} runs if the process is stopped. Returns the key for {@link #done}. */
  static Object started(Runnable removal) {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(CopiesInProgress::removeAll, "remove-partial-copies"));
    }
    Object key = new Object();
    REMOVERS.put(key, removal);
    return key;
  }

  static void done(Object key) {
    REMOVERS.remove(key);
  }

  private static void removeAll() {
    for (Runnable r : REMOVERS.values()) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // On the way out: what cannot be removed stays, and its name says what it is.
      }
    }
  }
}

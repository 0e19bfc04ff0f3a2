package io.cairn.namenode.editlog;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Blocking waits on the edit log's asynchronous answers, for callers that have a thread to spare. */
public final class Durability {
  private Durability() {}

  /** The future's value; its IOException (or CairnException) as it is, anything else wrapped. */
  public static <T> T await(CompletableFuture<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the edit log");
    } catch (ExecutionException e) {
      throw asIoException(e.getCause());
    }
  }

  /** Unwraps what a future failed with; IOExceptions (CairnException among them) pass as they are. */
  private static IOException asIoException(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException re) {
      throw re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IOException(cause);
  }
}

package io.cairn.client.nio;

import java.io.IOException;

/** What a channel does after it closes (DELETE_ON_CLOSE deletes its file); {@link #NONE} does nothing. */
@FunctionalInterface
interface CloseAction {
  CloseAction NONE = () -> {};

  void run() throws IOException;
}

package io.cairn.client.nio;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * What the read and write channels share: open until closed, closed once (the stream first, then the
 * {@link CloseAction}, even if the stream's close failed), and ClosedChannelException after.
 */
abstract class CairnChannel implements SeekableByteChannel {
  private final CloseAction onClose;
  private boolean open = true;

  CairnChannel(CloseAction onClose) {
    this.onClose = onClose;
  }

  /** Closes the stream under the channel. */
  abstract void closeStream() throws IOException;

  @Override
  public final synchronized boolean isOpen() {
    return open;
  }

  @Override
  public final synchronized void close() throws IOException {
    if (open) {
      open = false;
      try {
        closeStream();
      } finally {
        onClose.run();
      }
    }
  }

  final void checkOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}

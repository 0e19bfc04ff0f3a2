package io.cairn.datanode.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy on 127.0.0.1 for one connection to a local port that flips the lowest bit of the byte
 * at {@code flipAt} (counted from the start of what the connecting side sends), as a faulty link or
 * a faulty node's memory between two pipeline nodes would. Answers pass unchanged.
 */
final class CorruptingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final long flipAt;

  CorruptingProxy(int targetPort, long flipAt) throws IOException {
    this.targetPort = targetPort;
    this.flipAt = flipAt;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofVirtual().name("corrupting-proxy").start(this::acceptOne);
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptOne() {
    try (Socket in = server.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      Thread back = Thread.ofVirtual().start(() -> pump(out, in, -1));
      pump(in, out, flipAt);
      back.join();
    } catch (IOException | InterruptedException e) {
      // One side closed: the proxied connection is over.
    }
  }

  private static void pump(Socket from, Socket to, long flipAt) {
    byte[] buf = new byte[16 * 1024];
    long at = 0;
    // Not closed here: closing a socket's stream closes the socket, and the other direction may
    // still have bytes to pass on (the tail's refusal on its way back). acceptOne closes both.
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        if (flipAt >= at && flipAt < at + n) {
          buf[(int) (flipAt - at)] ^= 1;
        }
        at += n;
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The connection closed.
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

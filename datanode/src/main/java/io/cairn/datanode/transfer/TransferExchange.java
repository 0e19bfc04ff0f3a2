package io.cairn.datanode.transfer;

import io.cairn.proto.OpResponse;
import io.cairn.proto.TransferBlockOp;
import io.cairn.proto.TransferStatus;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TRANSFER_BLOCK (pipeline recovery): copies the acknowledged prefix of a local replica to the nodes
 * that replace failed ones, then answers with one OP_RESPONSE. The copy blocks on the network for
 * as long as it takes, so it runs on a virtual thread of its own and hands its outcome back to the
 * connection's disk thread.
 */
final class TransferExchange implements Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(TransferExchange.class);

  private final ExchangeHost host;
  private final TransferContext env;
  private final TransferBlockOp op;
  private boolean aborted;

  TransferExchange(ExchangeHost host, TransferContext env, TransferBlockOp op) {
    this.host = host;
    this.env = env;
    this.op = op;
  }

  @Override
  public void start() {
    String invalid = validate(op);
    if (invalid != null) {
      host.fail(Statuses.error(TransferStatus.BAD_REQUEST, invalid), invalid);
      return;
    }
    env.stats().transferStarted();
    Thread.ofVirtual().name("transfer-blk_" + op.getBlock().getId()).start(() -> {
      String failure = null;
      try {
        env.copier().copy(op.getBlock(), op.getNewGenstamp(), op.getTargetsList());
      } catch (IOException | RuntimeException e) {
        failure = "blk_" + op.getBlock().getId() + ": transfer to " + op.getTargets(0).getUuid() + " failed: "
            + e.getMessage();
      }
      String outcome = failure;
      host.ctx().executor().execute(() -> done(outcome));
    });
  }

  private static String validate(TransferBlockOp op) {
    if (!op.hasBlock() || op.getBlock().getLengthBytes() < 0 || op.getNewGenstamp() <= op.getBlock().getGenstamp()) {
      return "bad transfer request: a block with a length >= 0 and a newer generation stamp are required";
    }
    if (op.getTargetsCount() == 0 || op.getTargetsCount() > WriteExchange.MAX_DOWNSTREAM) {
      return "bad transfer request: " + op.getTargetsCount() + " targets, 1 to " + WriteExchange.MAX_DOWNSTREAM
          + " allowed";
    }
    return null;
  }

  private void done(String failure) {
    env.stats().transferEnded();
    if (aborted) {
      return;
    }
    if (failure != null) {
      host.fail(Statuses.error(TransferStatus.DOWNSTREAM_FAILED, failure), failure);
      return;
    }
    LOG.info("transferred blk_{} length={} to {} nodes at genstamp={}", op.getBlock().getId(),
        op.getBlock().getLengthBytes(), op.getTargetsCount(), op.getNewGenstamp());
    host.finished(this);
    host.ctx().writeAndFlush(OpResponse.newBuilder().setStatus(TransferStatus.OK).build());
  }

  @Override
  public void onPacket(Packet packet) throws ProtocolException {
    throw ProtocolException.badRequest("PACKET during a transfer");
  }

  @Override
  public void onWritabilityChanged() {}

  @Override
  public void abort() {
    aborted = true;
  }
}

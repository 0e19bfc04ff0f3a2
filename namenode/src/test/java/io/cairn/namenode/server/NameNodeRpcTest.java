package io.cairn.namenode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cairn.common.config.Settings;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.common.time.ManualClock;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.proto.AdminProtocolGrpc;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.CheckpointRequest;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DatanodeProtocolGrpc;
import io.cairn.proto.RegisterDatanodeRequest;
import io.cairn.proto.RegisterDatanodeResponse;
import io.cairn.proto.BatchCall;
import io.cairn.proto.BatchRequest;
import io.cairn.proto.BatchResponse;
import io.cairn.proto.ClientBatchProtocolGrpc;
import io.cairn.proto.DeleteRequest;
import io.cairn.proto.ClientProtocolGrpc;
import io.cairn.proto.ClientProtocolGrpc.ClientProtocolBlockingStub;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetFileInfoRequest;
import io.cairn.proto.GetListingRequest;
import io.cairn.proto.GetStatusRequest;
import io.cairn.proto.InodeType;
import io.cairn.proto.MkdirsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NameNode started in-process on a free port, spoken to over a plain gRPC channel: identity,
 * bad requests and bad bytes are refused without harming the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NameNodeRpcTest {
  private static final String SUPERUSER = NamespaceFixture.SUPERUSER;
  private static final long DEADLINE_SECONDS = 30;

  NameNode nameNode;
  ManagedChannel channel;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    NameNodeConfig config = NameNodeConfig.from(dir, Settings.of(Map.of(
        "cairn.namenode.port", "0",
        "cairn.namenode.handler.threads", "4",
        "cairn.namenode.checkpoint.period-edits", "0")));
    nameNode = NameNode.start(config, new ManualClock(NamespaceFixture.START_MS), SUPERUSER,
        user -> user.equals("alice") ? Set.of("users") : Set.of());
    channel = newChannel();
  }

  @AfterAll
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS);
    nameNode.close();
  }

  private ManagedChannel newChannel() {
    return NettyChannelBuilder.forAddress("127.0.0.1", nameNode.port()).usePlaintext().build();
  }

  private static <S extends AbstractStub<S>> S as(String user, S stub) {
    Metadata headers = new Metadata();
    headers.put(CallerIdentity.USER_HEADER, user);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private ClientProtocolBlockingStub client(String user) {
    return as(user, ClientProtocolGrpc.newBlockingStub(channel));
  }

  private static StatusRuntimeException failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("the call should fail").isNotNull();
    return e;
  }

  private static String errorTrailer(StatusRuntimeException e) {
    return e.getTrailers() == null ? null : e.getTrailers().get(ErrorStatus.ERROR_TRAILER);
  }

  /** The server answers an ordinary call: it is alive and well. */
  private void assertServes(ManagedChannel ch) {
    FileStatus root = as(SUPERUSER, ClientProtocolGrpc.newBlockingStub(ch))
        .getFileInfo(GetFileInfoRequest.newBuilder().setPath("/").build()).getStatus();
    assertThat(root.getType()).isEqualTo(InodeType.DIRECTORY);
    assertThat(root.getOwner()).isEqualTo(SUPERUSER);
  }

  @Test
  void namespaceCallsWorkEndToEnd() {
    client(SUPERUSER).mkdirs(
        MkdirsRequest.newBuilder().setPath("/rpc/a/b").setMode(0755).setCreateParents(true).build());
    assertThat(client("alice").getListing(GetListingRequest.newBuilder().setPath("/rpc/a").build()).getEntriesList())
        .extracting(FileStatus::getPath).containsExactly("/rpc/a/b");
    assertThat(client("alice").getFileInfo(GetFileInfoRequest.newBuilder().setPath("/rpc/none").build()).hasStatus())
        .isFalse();
  }

  @Test
  void aBatchAnswersEachCallOnItsOwnInOrder() {
    var batches = as("alice", ClientBatchProtocolGrpc.newBlockingStub(channel));
    client(SUPERUSER).mkdirs(MkdirsRequest.newBuilder().setPath("/batch").setMode(0777).build());
    BatchResponse r = batches.batch(BatchRequest.newBuilder()
        .addCalls(BatchCall.newBuilder().setMkdirs(MkdirsRequest.newBuilder().setPath("/batch/a").setMode(0755)))
        .addCalls(BatchCall.newBuilder().setMkdirs(MkdirsRequest.newBuilder().setPath("/missing/b").setMode(0755)))
        .addCalls(BatchCall.newBuilder().setGetFileInfo(GetFileInfoRequest.newBuilder().setPath("/batch")))
        .addCalls(BatchCall.newBuilder().setDelete(DeleteRequest.newBuilder().setPath("/batch").setRecursive(true)))
        .addCalls(BatchCall.getDefaultInstance())
        .build());
    assertThat(r.getResultsList()).hasSize(5);
    assertThat(r.getResults(0).getMkdirs().getCreated()).isTrue();
    assertThat(r.getResults(1).getError().getCode()).isEqualTo("NOT_FOUND");
    assertThat(r.getResults(1).getError().getMessage()).contains("/missing");
    assertThat(r.getResults(2).getGetFileInfo().getStatus().getOwner()).isEqualTo(SUPERUSER);
    assertThat(r.getResults(3).getError().getCode()).as("a subtree is not for a transport thread")
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(r.getResults(4).getError().getCode()).isEqualTo("INVALID_ARGUMENT");
    // The one that worked is durable and visible; the refused recursive delete changed nothing.
    assertThat(client(SUPERUSER).getFileInfo(GetFileInfoRequest.newBuilder().setPath("/batch/a").build())
        .hasStatus()).isTrue();
  }

  @Test
  void anOversizedBatchIsRefusedWhole() {
    BatchRequest.Builder big = BatchRequest.newBuilder();
    for (int i = 0; i <= NameNode.MAX_BATCH_CALLS; i++) {
      big.addCalls(BatchCall.newBuilder().setGetFileInfo(GetFileInfoRequest.newBuilder().setPath("/")));
    }
    StatusRuntimeException e = failure(() -> as(SUPERUSER, ClientBatchProtocolGrpc.newBlockingStub(channel))
        .batch(big.build()));
    assertThat(errorTrailer(e)).isEqualTo("INVALID_ARGUMENT");
    assertServes(channel);
  }

  @Test
  void aCallWithoutAValidUserIsUnauthenticated() {
    StatusRuntimeException none = failure(() -> ClientProtocolGrpc.newBlockingStub(channel)
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .getFileInfo(GetFileInfoRequest.newBuilder().setPath("/").build()));
    assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    for (String bad : new String[] {"", "has space", "a:b", "x".repeat(256)}) {
      StatusRuntimeException e =
          failure(() -> client(bad).getFileInfo(GetFileInfoRequest.newBuilder().setPath("/").build()));
      assertThat(e.getStatus().getCode()).as("user '%s'", bad).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    assertServes(channel);
  }

  @Test
  void expectedFailuresCarryTheirErrorCode() {
    StatusRuntimeException denied = failure(() -> client("alice").mkdirs(
        MkdirsRequest.newBuilder().setPath("/by-alice").setMode(0755).build()));
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(errorTrailer(denied)).isEqualTo(ErrorCode.PERMISSION.name());

    StatusRuntimeException missing = failure(() -> client(SUPERUSER).mkdirs(
        MkdirsRequest.newBuilder().setPath("/no/parent").setMode(0755).build()));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(errorTrailer(missing)).isEqualTo(ErrorCode.NOT_FOUND.name());
  }

  @Test
  void aMalformedPathIsAnInvalidArgumentNamingInvalidPath() {
    for (String bad : new String[] {"relative", "", "/a/../b", "/a//b", "/a\0b", "/" + "n".repeat(300)}) {
      StatusRuntimeException e = failure(() -> client(SUPERUSER).mkdirs(
          MkdirsRequest.newBuilder().setPath(bad).setMode(0755).setCreateParents(true).build()));
      assertThat(e.getStatus().getCode()).as("path %s", bad.length() > 20 ? "(long)" : bad)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(errorTrailer(e)).isEqualTo(ErrorCode.INVALID_PATH.name());
      assertThat(e.getStatus().getDescription()).contains("Invalid path").doesNotContain("\0");
    }
    assertServes(channel);
  }

  /** A start on a taken port fails before it formats anything in its folder. */
  @Test
  void aStartOnATakenPortLeavesItsFolderUnformatted(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      NameNodeConfig config = NameNodeConfig.from(dir.resolve("nn"), Settings.of(Map.of(
          "cairn.namenode.port", Integer.toString(taken.getLocalPort()), "cairn.namenode.bind-host", "127.0.0.1")));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> NameNode.start(config,
          new ManualClock(NamespaceFixture.START_MS), SUPERUSER, user -> Set.of()))
          .isInstanceOf(java.io.IOException.class).hasMessageContaining("Failed to bind");
      assertThat(java.nio.file.Files.exists(dir.resolve("nn").resolve("namespace"))).isFalse();
    }
  }

  /**
   * A DataNode that holds another namespace's replicas (this NameNode started on an empty or wrong
   * folder) is refused: its block report would name every replica unknown and have it deleted.
   */
  @Test
  void aDataNodeOfAnotherNamespaceIsRefusedAndOneOfThisNamespaceIsTaken() {
    DatanodeProtocolGrpc.DatanodeProtocolBlockingStub dn = as(SUPERUSER, DatanodeProtocolGrpc.newBlockingStub(channel));
    RegisterDatanodeResponse first = dn.register(RegisterDatanodeRequest.newBuilder().setNode(
        DatanodeInfo.newBuilder().setUuid("dn-new").setHost("127.0.0.1").setDataPort(9867)).build());
    long namespace = first.getNamespaceId();
    assertThat(namespace).as("a new namespace's id").isPositive();
    dn.register(RegisterDatanodeRequest.newBuilder().setNamespaceId(namespace).setNode(
        DatanodeInfo.newBuilder().setUuid("dn-same").setHost("127.0.0.1").setDataPort(9868)).build());
    StatusRuntimeException e = failure(() -> dn.register(RegisterDatanodeRequest.newBuilder()
        .setNamespaceId(namespace + 1).setNode(
            DatanodeInfo.newBuilder().setUuid("dn-other").setHost("127.0.0.1").setDataPort(9869)).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("belong to namespace " + (namespace + 1))
        .contains("so that they are not deleted");
  }

  @Test
  void aBlockReportPartWithBadNumbersIsAnInvalidArgument() {
    DatanodeProtocolGrpc.DatanodeProtocolBlockingStub dn = as(SUPERUSER, DatanodeProtocolGrpc.newBlockingStub(channel));
    RegisterDatanodeResponse registered = dn.register(RegisterDatanodeRequest.newBuilder().setNode(
        DatanodeInfo.newBuilder().setUuid("dn-parts").setHost("127.0.0.1").setDataPort(9866)).build());
    assertThat(registered.getMaxRequestBytes()).as("the limit DataNodes split their reports by").isEqualTo(1 << 20);
    int[][] bad = {{2, 2}, {-1, 2}, {1, 0}, {0, -3}, {0, 2_000_000}};
    for (int[] part : bad) {
      StatusRuntimeException e = failure(() -> dn.blockReport(BlockReportRequest.newBuilder().setUuid("dn-parts")
          .setReportId(1).setPartIndex(part[0]).setPartCount(part[1]).build()));
      assertThat(e.getStatus().getCode()).as("part %s of %s", part[0], part[1]).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains("block report part");
    }
    dn.blockReport(BlockReportRequest.newBuilder().setUuid("dn-parts").setReportId(2).setPartIndex(1)
        .setPartCount(2).build());
  }

  @Test
  void anOversizedRequestIsRefusedAndTheServerGoesOn() {
    String huge = "/" + "x".repeat(2 << 20);
    StatusRuntimeException e = failure(() -> client(SUPERUSER).mkdirs(
        MkdirsRequest.newBuilder().setPath(huge).setMode(0755).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertServes(channel);
    ManagedChannel fresh = newChannel();
    try {
      assertServes(fresh);
    } finally {
      fresh.shutdownNow();
    }
  }

  @Test
  void garbageBytesOnThePortDoNotHurtTheServer() throws Exception {
    Random random = new Random(20260101);
    // The HTTP/2 client preface and an empty SETTINGS frame: past them, the junk reaches the frame decoder.
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    byte[] validStart = new byte[preface.length + settings.length];
    System.arraycopy(preface, 0, validStart, 0, preface.length);
    System.arraycopy(settings, 0, validStart, preface.length, settings.length);
    for (int i = 0; i < 12; i++) {
      switch (i % 3) {
        case 0 -> sendAndDrain(new byte[0], randomBytes(random, 1 + random.nextInt(64 << 10)));
        case 1 -> sendAndDrain(validStart, randomBytes(random, 1 + random.nextInt(64 << 10)));
        default -> sendAndDrain(validStart, randomFrames(random));
      }
    }
    assertServes(channel);
    ManagedChannel fresh = newChannel();
    try {
      assertServes(fresh);
    } finally {
      fresh.shutdownNow();
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** HTTP/2 frames with sound headers (length, any type, flags and stream) and random payloads. */
  private static byte[] randomFrames(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int f = 0; f < 200; f++) {
      int length = random.nextInt(300);
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
      out.write(random.nextInt(11)); // DATA .. CONTINUATION, and one unknown type
      out.write(random.nextInt(256));
      int stream = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(20);
      out.writeBytes(new byte[] {(byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
      out.writeBytes(randomBytes(random, length));
    }
    return out.toByteArray();
  }

  /** Writes the bytes on a raw connection and half-closes it, then reads until the server hangs up. */
  private void sendAndDrain(byte[] head, byte[] junk) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", nameNode.port())) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
      try {
        OutputStream out = socket.getOutputStream();
        out.write(head);
        out.write(junk);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException hungUpWhileWriting) {
        return;
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        while (in.read(buffer) != -1) {
          // Whatever the server says (a GOAWAY) before it closes.
        }
      } catch (IOException reset) {
        // A reset is a hang-up too.
      }
    }
  }

  @Test
  void adminCallsAreForTheSuperuser() {
    StatusRuntimeException e = failure(() -> as("alice", AdminProtocolGrpc.newBlockingStub(channel))
        .checkpoint(CheckpointRequest.getDefaultInstance()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    long txid = as(SUPERUSER, AdminProtocolGrpc.newBlockingStub(channel))
        .checkpoint(CheckpointRequest.getDefaultInstance()).getTxid();
    assertThat(as("alice", AdminProtocolGrpc.newBlockingStub(channel)).getStatus(GetStatusRequest.getDefaultInstance())
        .getLastCheckpointTxid()).isEqualTo(txid);
  }
}

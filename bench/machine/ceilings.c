// What this machine allows any file system, whatever its code: the kernel work that a replicated
// write, a zero-copy read and a synced edit cannot avoid, done with nothing else around it (no
// protocol, no checksums, no acknowledgements). Both Cairn and HDFS pay at least this much; see
// docs/benchmarks.md, "What this machine allows".
//
//   ceilings write DIR MIB NODES SYNC   a client streams MIB over loopback TCP through NODES processes,
//                                       each writing every buffer to a file (cut at 128 MiB, fdatasync'd
//                                       at the cut when SYNC is 1) and forwarding it to the next
//   ceilings read DIR MIB               one process sendfile()s a cached file of MIB to a reader
//   ceilings sync DIR COUNT             COUNT writes of 300 bytes, each followed by fdatasync, to a
//                                       growing file and to one written in advance
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PACKET (64 * 1024)
#define BLOCK (128L << 20)
#define RECORD 300

static void die(const char *what) {
  fprintf(stderr, "ceilings: %s: %s\n", what, strerror(errno));
  exit(1);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A listener on a port the kernel picks (so no run collides with another); *port gets it.
static int listen_any(int *port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4)) die("listen");
  if (getsockname(s, (struct sockaddr *)&a, &len)) die("getsockname");
  *port = ntohs(a.sin_port);
  return s;
}

// The listeners exist before anyone connects (they are made before the fork), so one try suffices.
static int connect_to(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = loopback(port);
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(s, (struct sockaddr *)&a, sizeof a)) die("connect");
  return s;
}

static void send_all(int s, const char *b, ssize_t n) {
  while (n > 0) {
    ssize_t w = send(s, b, n, 0);
    if (w <= 0) die("send");
    b += w;
    n -= w;
  }
}

static void write_all(int f, const char *b, ssize_t n) {
  while (n > 0) {
    ssize_t w = write(f, b, n);
    if (w <= 0) die("write");
    b += w;
    n -= w;
  }
}

static void drain_until_closed(int s) {
  char c;
  while (recv(s, &c, 1, 0) > 0) {
  }
}

static double children_cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void node(int listener, int next_port, const char *dir, int idx, int sync) {
  int in = accept(listener, 0, 0);
  int out = next_port > 0 ? connect_to(next_port) : -1;
  char *buf = malloc(PACKET), path[4096];
  long in_block = 0;
  int f = -1, blocks = 0;
  for (;;) {
    ssize_t n = recv(in, buf, PACKET, MSG_WAITALL);
    if (n < 0) die("recv");
    if (n == 0) break;
    if (f < 0) {
      snprintf(path, sizeof path, "%s/node%d_blk%d", dir, idx, blocks++);
      if ((f = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644)) < 0) die(path);
    }
    if (out >= 0) send_all(out, buf, n);
    write_all(f, buf, n);
    in_block += n;
    if (in_block >= BLOCK) {
      if (sync && fdatasync(f)) die("fdatasync");
      close(f);
      f = -1;
      in_block = 0;
    }
  }
  if (f >= 0) {
    if (sync && fdatasync(f)) die("fdatasync");
    close(f);
  }
  if (out >= 0) {
    shutdown(out, SHUT_WR);
    drain_until_closed(out);
  }
  exit(0);
}

static int write_pipeline(const char *dir, long mib, int nodes, int sync) {
  int listeners[64], ports[64];
  if (nodes < 1 || nodes > 64) {
    fprintf(stderr, "ceilings: 1 to 64 nodes\n");
    return 2;
  }
  for (int i = 0; i < nodes; i++) listeners[i] = listen_any(&ports[i]);
  for (int i = 0; i < nodes; i++) {
    if (fork() == 0) node(listeners[i], i + 1 < nodes ? ports[i + 1] : 0, dir, i, sync);
  }
  for (int i = 0; i < nodes; i++) close(listeners[i]);
  int s = connect_to(ports[0]);
  char *buf = malloc(PACKET);
  memset(buf, 'x', PACKET);
  double t0 = now();
  for (long sent = 0; sent < mib << 20; sent += PACKET) send_all(s, buf, PACKET);
  shutdown(s, SHUT_WR);
  drain_until_closed(s);
  for (int i = 0; i < nodes; i++) wait(0);
  double secs = now() - t0;
  char path[4096];
  for (int i = 0; i < nodes; i++) {
    for (long b = 0; b <= (mib << 20) / BLOCK; b++) {
      snprintf(path, sizeof path, "%s/node%d_blk%ld", dir, i, b);
      unlink(path);
    }
  }
  printf("write: %ld MiB through %d node(s)%s: %.0f MiB/s; the nodes' CPU %.0f us per MiB\n", mib, nodes,
      sync ? ", each block fdatasync'd" : ", left in the page cache", mib / secs, children_cpu() * 1e6 / mib);
  return 0;
}

static int read_sendfile(const char *dir, long mib) {
  char path[4096];
  snprintf(path, sizeof path, "%s/read-source", dir);
  int f = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  if (f < 0) die(path);
  char *buf = malloc(1 << 20);
  memset(buf, 'y', 1 << 20);
  for (long i = 0; i < mib; i++) write_all(f, buf, 1 << 20);
  // On disk before the clock starts, so no write-back runs beside the timed reads.
  if (fsync(f)) die("fsync");
  int port, listener = listen_any(&port);
  if (fork() == 0) {
    int c = accept(listener, 0, 0);
    off_t off = 0;
    while (off < mib << 20) {
      if (sendfile(c, f, &off, 1 << 20) <= 0) die("sendfile");
    }
    close(c);
    exit(0);
  }
  int s = connect_to(port);
  long got = 0;
  double t0 = now();
  for (ssize_t n; (n = recv(s, buf, 1 << 20, 0)) > 0;) got += n;
  double secs = now() - t0;
  wait(0);
  unlink(path);
  printf("read: %ld MiB by sendfile over loopback to one reader: %.0f MiB/s\n", got >> 20, (got >> 20) / secs);
  return 0;
}

static double synced_writes(const char *path, long count, int written_in_advance) {
  int f = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  if (f < 0) die(path);
  char rec[RECORD];
  memset(rec, 'z', sizeof rec);
  if (written_in_advance) {
    for (long i = 0; i < count; i++) write_all(f, rec, sizeof rec);
    if (fsync(f)) die("fsync");
    lseek(f, 0, SEEK_SET);
  }
  double t0 = now();
  for (long i = 0; i < count; i++) {
    write_all(f, rec, sizeof rec);
    if (fdatasync(f)) die("fdatasync");
  }
  double us = (now() - t0) * 1e6 / count;
  close(f);
  unlink(path);
  return us;
}

static int sync_latency(const char *dir, long count) {
  char path[4096];
  snprintf(path, sizeof path, "%s/sync-probe", dir);
  double growing = synced_writes(path, count, 0), in_place = synced_writes(path, count, 1);
  printf("sync: a %d-byte write and its fdatasync take %.0f us on a growing file, %.0f us on one written in "
      "advance (%ld each)\n", RECORD, growing, in_place, count);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 6 && !strcmp(argv[1], "write")) return write_pipeline(argv[2], atol(argv[3]), atoi(argv[4]), atoi(argv[5]));
  if (argc == 4 && !strcmp(argv[1], "read")) return read_sendfile(argv[2], atol(argv[3]));
  if (argc == 4 && !strcmp(argv[1], "sync")) return sync_latency(argv[2], atol(argv[3]));
  fprintf(stderr, "usage: ceilings write DIR MIB NODES SYNC | read DIR MIB | sync DIR COUNT\n");
  return 2;
}

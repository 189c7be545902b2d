/* ros2peer_common.h - what the Cyclone (C) and the Fast DDS (C++) ros2peer share, so that both
 * parse the same command line, make the same deterministic samples, check them the same way and
 * print the same lines. Header only; valid C99 and C++14. See README.md for the interface. */
#ifndef ROS2PEER_COMMON_H
#define ROS2PEER_COMMON_H

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum peer_mode { MODE_PUB, MODE_SUB, MODE_ECHO, MODE_SERVE, MODE_CALL };
enum peer_type { T_STRING, T_JOINTSTATE, T_POSEARRAY, T_IMAGE, T_ADDTWOINTS, T_SETBOOL };

/* exit codes */
#define EXIT_OK 0
#define EXIT_TIMEOUT 1 /* sub: fewer than N samples before the timeout; pub: --wait-match timed out */
#define EXIT_USAGE 2
#define EXIT_CONTENT 3 /* sub: a BAD or ORDER line was printed */
#define EXIT_DDS 4     /* the DDS implementation refused something (participant, write...) */

#define MAX_PAYLOAD_SIZE (256LL * 1024 * 1024)
#define DEFAULT_IMAGE_SIZE 1048576LL

typedef struct {
  int mode, type;
  char topic[512], topic_out[512]; /* DDS names: "rt" + ROS name; serve/call: "rq/<name>Request", "rr/<name>Reply" */
  long long n;                     /* pub/sub: samples; 0: until killed (sub: until the timeout) */
  double hz;                       /* pub: rate; 0: as fast as possible */
  double timeout_s;                /* sub */
  int reliable, transient_local, depth;
  long long size;                  /* -1: the type's default */
  long long wait_match;            /* -1: none */
  long long corrupt;               /* pub: index of the one sample sent with a wrong value; -1: none */
  double match_timeout_s, linger_s;
  int stamp, report, wait_stdin, async;
  long long delay_ms;              /* serve: wait this long before each reply */
} peer_opts;

static const char *peer_usage_text =
    "usage: ros2peer pub  TYPE TOPIC N HZ        [options]\n"
    "       ros2peer sub  TYPE TOPIC N TIMEOUT_S [options]\n"
    "       ros2peer echo TYPE TOPIC_IN TOPIC_OUT [options]\n"
    "       ros2peer serve addtwoints|setbool SERVICE N TIMEOUT_S [options]   (setbool: Cyclone only)\n"
    "       ros2peer call  addtwoints|setbool SERVICE N TIMEOUT_S [options]\n"
    "TYPE: string | jointstate | posearray | image   TOPIC, SERVICE: a ROS name such as /chatter\n"
    "options: --reliable | --best-effort   --volatile | --transient-local   --depth D\n"
    "         --size BYTES   --wait-match K   --match-timeout S   --wait-stdin   --linger S\n"
    "         --stamp   --report   --corrupt I   --async (Fast DDS only)   --delay-ms MS (serve)\n"
    "domain id: ROS_DOMAIN_ID (default 0). See README.md.\n";

static void peer_usage_exit(const char *why) {
  if (why) fprintf(stderr, "ros2peer: %s\n", why);
  fputs(peer_usage_text, stderr);
  exit(EXIT_USAGE);
}

static int peer_parse_ll(const char *s, long long lo, long long hi, long long *out) {
  char *end; errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return 0;
  *out = v; return 1;
}

static int peer_parse_d(const char *s, double lo, double hi, double *out) {
  char *end; errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v >= lo && v <= hi)) return 0;
  *out = v; return 1;
}

static void peer_dds_topic(const char *ros, char *out, size_t cap) {
  if (ros[0] != '/' || ros[1] == 0 || strlen(ros) + 3 > cap) peer_usage_exit("TOPIC must be a ROS name starting with '/', such as /chatter");
  snprintf(out, cap, "rt%s", ros);
}

/* a service's request and reply topics as ROS 2 names them: /add -> rq/addRequest, rr/addReply */
static void peer_service_topics(const char *ros, peer_opts *o) {
  if (ros[0] != '/' || ros[1] == 0 || strlen(ros) + 10 > sizeof o->topic) peer_usage_exit("SERVICE must be a ROS name starting with '/', such as /add_two_ints");
  snprintf(o->topic, sizeof o->topic, "rq%sRequest", ros);
  snprintf(o->topic_out, sizeof o->topic_out, "rr%sReply", ros);
}

static void peer_parse(int argc, char **argv, peer_opts *o) {
  memset(o, 0, sizeof *o);
  o->reliable = 1; o->depth = 10; o->size = -1; o->wait_match = -1; o->corrupt = -1; o->match_timeout_s = 30;
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) { fputs(peer_usage_text, argc < 2 ? stderr : stdout); exit(argc < 2 ? EXIT_USAGE : EXIT_OK); }
  if (argc < 5) peer_usage_exit("too few arguments");
  if (!strcmp(argv[1], "pub")) o->mode = MODE_PUB;
  else if (!strcmp(argv[1], "sub")) o->mode = MODE_SUB;
  else if (!strcmp(argv[1], "echo")) o->mode = MODE_ECHO;
  else if (!strcmp(argv[1], "serve")) o->mode = MODE_SERVE;
  else if (!strcmp(argv[1], "call")) o->mode = MODE_CALL;
  else peer_usage_exit("the first argument must be pub, sub, echo, serve or call");
  int service = o->mode == MODE_SERVE || o->mode == MODE_CALL;
  if (!strcmp(argv[2], "string")) o->type = T_STRING;
  else if (!strcmp(argv[2], "jointstate")) o->type = T_JOINTSTATE;
  else if (!strcmp(argv[2], "posearray")) o->type = T_POSEARRAY;
  else if (!strcmp(argv[2], "image")) o->type = T_IMAGE;
  else if (!strcmp(argv[2], "addtwoints")) o->type = T_ADDTWOINTS;
  else if (!strcmp(argv[2], "setbool")) o->type = T_SETBOOL;
  else peer_usage_exit("TYPE must be string, jointstate, posearray, image, addtwoints or setbool");
  if (service != (o->type == T_ADDTWOINTS || o->type == T_SETBOOL)) peer_usage_exit("serve and call take a service type (addtwoints, setbool); pub, sub and echo a message type");
  if (service) peer_service_topics(argv[3], o);
  else peer_dds_topic(argv[3], o->topic, sizeof o->topic);
  int i;
  if (o->mode == MODE_ECHO) {
    peer_dds_topic(argv[4], o->topic_out, sizeof o->topic_out);
    if (!strcmp(o->topic, o->topic_out)) peer_usage_exit("echo needs two different topics");
    i = 5;
  } else {
    if (argc < 6) peer_usage_exit("too few arguments");
    if (!peer_parse_ll(argv[4], 0, (1LL << 53), &o->n)) peer_usage_exit("N must be a whole number >= 0");
    if (o->mode == MODE_PUB) { if (!peer_parse_d(argv[5], 0, 1e7, &o->hz)) peer_usage_exit("HZ must be a number >= 0 (0: as fast as possible)"); }
    else if (!peer_parse_d(argv[5], 0.001, 1e7, &o->timeout_s)) peer_usage_exit("TIMEOUT_S must be a number > 0");
    i = 6;
  }
  for (; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    long long ll;
    if (!strcmp(a, "--reliable")) o->reliable = 1;
    else if (!strcmp(a, "--best-effort")) o->reliable = 0;
    else if (!strcmp(a, "--volatile")) o->transient_local = 0;
    else if (!strcmp(a, "--transient-local")) o->transient_local = 1;
    else if (!strcmp(a, "--stamp")) o->stamp = 1;
    else if (!strcmp(a, "--report")) o->report = 1;
    else if (!strcmp(a, "--wait-stdin")) o->wait_stdin = 1;
    else if (!strcmp(a, "--async")) o->async = 1;
    else if (!strcmp(a, "--depth")) {
      if (!v || !peer_parse_ll(v, 1, 1000000, &ll)) peer_usage_exit("--depth needs a number 1..1000000");
      o->depth = (int)ll; i++;
    } else if (!strcmp(a, "--size")) {
      if (!v || !peer_parse_ll(v, 0, MAX_PAYLOAD_SIZE, &o->size)) peer_usage_exit("--size needs a number of bytes 0..268435456");
      i++;
    } else if (!strcmp(a, "--wait-match")) {
      if (!v || !peer_parse_ll(v, 1, 1000000, &o->wait_match)) peer_usage_exit("--wait-match needs a number >= 1");
      i++;
    } else if (!strcmp(a, "--corrupt")) {
      if (!v || !peer_parse_ll(v, 0, (1LL << 53), &o->corrupt)) peer_usage_exit("--corrupt needs a sample index");
      i++;
    } else if (!strcmp(a, "--delay-ms")) {
      if (!v || !peer_parse_ll(v, 0, 3600000, &o->delay_ms)) peer_usage_exit("--delay-ms needs milliseconds 0..3600000");
      i++;
    } else if (!strcmp(a, "--match-timeout")) {
      if (!v || !peer_parse_d(v, 0.001, 1e6, &o->match_timeout_s)) peer_usage_exit("--match-timeout needs seconds > 0");
      i++;
    } else if (!strcmp(a, "--linger")) {
      if (!v || !peer_parse_d(v, 0, 1e9, &o->linger_s)) peer_usage_exit("--linger needs seconds >= 0");
      i++;
    } else {
      char why[600]; snprintf(why, sizeof why, "unknown option '%s'", a); peer_usage_exit(why);
    }
  }
  if (o->report) o->stamp = 1;
  if (o->size < 0) o->size = o->type == T_IMAGE ? DEFAULT_IMAGE_SIZE : 0;
}

static int peer_domain_id(void) {
  const char *s = getenv("ROS_DOMAIN_ID");
  long long d = 0;
  if (s && *s && !peer_parse_ll(s, 0, 232, &d)) peer_usage_exit("ROS_DOMAIN_ID must be a number 0..232");
  return (int)d;
}

/* ---- time and signals ---- */
static int64_t peer_now_ns(void) {
  struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* SIGINT/SIGTERM are blocked in every thread (call before the DDS library starts its threads) and
 * polled here, so a stop is noticed between two short waits and the participant is deleted from
 * the main thread. */
static sigset_t peer_stop_signals;
static void peer_block_signals(void) {
  sigemptyset(&peer_stop_signals);
  sigaddset(&peer_stop_signals, SIGINT);
  sigaddset(&peer_stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &peer_stop_signals, NULL);
}
static int peer_stopped(void) {
  static int stopped = 0;
  if (!stopped) {
    struct timespec zero = {0, 0};
    if (sigtimedwait(&peer_stop_signals, NULL, &zero) > 0) stopped = 1;
  }
  return stopped;
}
/* sleeps until the CLOCK_MONOTONIC time `until_ns` in slices; returns 0 if stopped meanwhile */
static int peer_sleep_until(int64_t until_ns) {
  for (;;) {
    if (peer_stopped()) return 0;
    int64_t left = until_ns - peer_now_ns();
    if (left <= 0) return 1;
    if (left > 50000000) left = 50000000;
    struct timespec t = {(time_t)(left / 1000000000), (long)(left % 1000000000)};
    nanosleep(&t, NULL);
  }
}

/* waits for one line (or the end) on stdin: the go of a test that has seen its own reader match
 * this writer; returns 0 if stopped meanwhile */
static int peer_wait_stdin_line(void) {
  for (;;) {
    if (peer_stopped()) return 0;
    struct pollfd p = {0, POLLIN, 0};
    int k = poll(&p, 1, 50);
    if (k < 0 && errno != EINTR) return 1;
    if (k > 0) {
      char c;
      ssize_t n = read(0, &c, 1);
      if (n <= 0 || c == '\n') return 1;
    }
  }
}

/* ---- deterministic content ---- */
static void peer_stamp_of(long long i, int32_t *sec, uint32_t *nanosec) {
  *sec = (int32_t)i; *nanosec = (uint32_t)((i * 7) % 1000000000LL);
}
static void peer_mono_stamp(int32_t *sec, uint32_t *nanosec) {
  int64_t t = peer_now_ns();
  *sec = (int32_t)(t / 1000000000); *nanosec = (uint32_t)(t % 1000000000);
}
static int js_count(long long i) { return (int)(i % 5) + 1; }
static double js_pos(long long i, int j) { return (double)i + j * 0.5; }
static double js_vel(long long i, int j) { return (double)(-(i + j)); } /* negated as an integer: no -0.0 */
static int js_eff_count(long long i) { return (i % 2) ? 1 : 0; }
static double js_eff(long long i) { return (double)i; }
static int pa_count(long long i) { return (int)(i % 4); }
static void pa_pose(long long i, int p, double v[7]) {
  v[0] = (double)i; v[1] = (double)p; v[2] = (double)(-p); v[3] = 0; v[4] = 0; v[5] = 0; v[6] = 1;
}
/* image geometry for a data size: rows of 1024 bytes when it divides, else one row */
static void img_dims(long long size, uint32_t *height, uint32_t *width) {
  if (size >= 1024 && size % 1024 == 0) { *width = 1024; *height = (uint32_t)(size / 1024); }
  else { *width = (uint32_t)size; *height = size > 0 ? 1 : 0; }
}

/* bytes where b[k] = k & 0xff; the data of image i is pattern + (i & 0xff) */
static uint8_t *peer_pattern = NULL;
static size_t peer_pattern_cap = 0;
static const uint8_t *peer_pattern_for(size_t len) {
  if (len + 256 > peer_pattern_cap) {
    free(peer_pattern);
    peer_pattern_cap = len + 256;
    peer_pattern = (uint8_t *)malloc(peer_pattern_cap);
    if (!peer_pattern) { fprintf(stderr, "ros2peer: out of memory\n"); exit(EXIT_DDS); }
    for (size_t k = 0; k < peer_pattern_cap; k++) peer_pattern[k] = (uint8_t)(k & 0xff);
  }
  return peer_pattern;
}

/* the String text of sample i: "hello <i>[ t=<ns>]" then, when --size asks for more, " xxx..."
 * up to exactly `size` characters. buf must hold size + 64 bytes; returns the length. */
static size_t str_text(char *buf, long long i, long long size, int stamp) {
  int n = stamp ? sprintf(buf, "hello %lld t=%lld", i, (long long)peer_now_ns()) : sprintf(buf, "hello %lld", i);
  size_t len = (size_t)n;
  if ((long long)len < size) {
    buf[len++] = ' ';
    memset(buf + len, 'x', (size_t)size - len);
    len = (size_t)size;
  }
  buf[len] = 0;
  return len;
}

/* ---- checking and printing received samples ---- */
static uint32_t peer_crc_table[256];
static uint32_t peer_crc32(const uint8_t *p, size_t n) { /* IEEE 802.3, as java.util.zip.CRC32 */
  if (!peer_crc_table[1]) {
    for (uint32_t k = 0; k < 256; k++) {
      uint32_t c = k;
      for (int b = 0; b < 8; b++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      peer_crc_table[k] = c;
    }
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t k = 0; k < n; k++) c = peer_crc_table[(c ^ p[k]) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

/* "<prefix><i>" with i a plain decimal; returns 1 and sets *i */
static int peer_index_after(const char *s, const char *prefix, long long *i) {
  size_t pl = strlen(prefix);
  if (strncmp(s, prefix, pl)) return 0;
  s += pl;
  if (*s < '0' || *s > '9' || (s[0] == '0' && s[1])) return 0;
  long long v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > (1LL << 53)) return 0;
    v = v * 10 + (*s - '0');
  }
  *i = v; return 1;
}

/* printing text that may hold anything, on one line */
static void peer_put_escaped(const char *s, size_t n, size_t max) {
  for (size_t k = 0; k < n && k < max; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c == '\\') fputs("\\\\", stdout);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c < 0x20 || c == 0x7f) printf("\\x%02x", c);
    else putchar(c);
  }
  if (n > max) fputs("...", stdout);
}

/* One received sample, whatever the DDS library: what the checks and the summary need. */
typedef struct {
  int32_t sec; uint32_t nanosec; const char *frame;
  /* string */
  const char *text; size_t text_len;
  /* jointstate */
  uint32_t n_names; const char *const *names;
  uint32_t n_pos, n_vel, n_eff; const double *pos, *vel, *eff;
  /* posearray: 7 numbers per pose */
  uint32_t n_poses; const double *poses;
  /* image */
  uint32_t height, width, step; const char *encoding; uint8_t is_bigendian;
  const uint8_t *data; size_t data_len;
} peer_view;

typedef struct {
  long long index;   /* -1: not known (content unreadable) */
  int64_t stamp_ns;  /* send time from --stamp, -1: none */
  char bad[320];     /* empty: content as expected */
} peer_check;

static void peer_bad(peer_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void peer_bad(peer_check *c, const char *fmt, ...) {
  if (c->bad[0]) return; /* the first difference is the reason */
  va_list ap; va_start(ap, fmt); vsnprintf(c->bad, sizeof c->bad, fmt, ap); va_end(ap);
}

static void peer_check_stamp(const peer_view *v, int stamped, peer_check *c) {
  if (stamped) { c->stamp_ns = (int64_t)v->sec * 1000000000LL + v->nanosec; return; }
  int32_t s; uint32_t ns; peer_stamp_of(c->index, &s, &ns);
  if (v->sec != s || v->nanosec != ns) peer_bad(c, "stamp %d.%09u, expected %d.%09u", v->sec, v->nanosec, s, ns);
}

static void peer_check_doubles(peer_check *c, const char *what, const double *got, uint32_t n, const double *want, uint32_t wn) {
  if (n != wn) { peer_bad(c, "%s has %u values, expected %u", what, n, wn); return; }
  for (uint32_t k = 0; k < n; k++)
    if (got[k] != want[k]) { peer_bad(c, "%s[%u]=%.17g, expected %.17g", what, k, got[k], want[k]); return; }
}

/* checks v against the deterministic content of its index; `stamped`: header stamps and string
 * "t=" carry send times (--stamp), so header stamps are not checked */
static void peer_check_sample(int type, const peer_view *v, int stamped, peer_check *c) {
  c->index = -1; c->stamp_ns = -1; c->bad[0] = 0;
  if (type == T_STRING) {
    const char *s = v->text, *e = v->text + v->text_len;
    if (strlen(s) != v->text_len) { peer_bad(c, "text holds a NUL"); return; }
    if (strncmp(s, "hello ", 6)) { peer_bad(c, "text does not start with 'hello '"); return; }
    const char *p = s + 6; long long i = 0;
    if (p >= e || *p < '0' || *p > '9' || (p[0] == '0' && p + 1 < e && p[1] >= '0' && p[1] <= '9')) { peer_bad(c, "no index after 'hello '"); return; }
    for (; p < e && *p >= '0' && *p <= '9'; p++) { if (i > (1LL << 53)) { peer_bad(c, "index too large"); return; } i = i * 10 + (*p - '0'); }
    c->index = i;
    if (p + 3 <= e && !strncmp(p, " t=", 3) && p + 3 < e && p[3] >= '0' && p[3] <= '9') {
      long long t = 0;
      for (p += 3; p < e && *p >= '0' && *p <= '9'; p++) t = t * 10 + (*p - '0');
      c->stamp_ns = t;
    }
    if (p < e) {
      if (*p != ' ') { peer_bad(c, "unexpected text after 'hello %lld'", i); return; }
      for (p++; p < e; p++) if (*p != 'x') { peer_bad(c, "padding holds '%c' at %ld, expected only 'x'", *p, (long)(p - s)); return; }
    }
    return;
  }
  const char *prefix = type == T_JOINTSTATE ? "f" : type == T_POSEARRAY ? "p" : "img";
  if (!peer_index_after(v->frame, prefix, &c->index)) { c->index = -1; peer_bad(c, "frame_id is not %s<i>", prefix); return; }
  long long i = c->index;
  peer_check_stamp(v, stamped, c);
  if (type == T_JOINTSTATE) {
    int k = js_count(i);
    if (v->n_names != (uint32_t)k) peer_bad(c, "%u names, expected %d", v->n_names, k);
    else for (int j = 0; j < k; j++) {
      char want[32]; snprintf(want, sizeof want, "j%d", j);
      if (strcmp(v->names[j], want)) { peer_bad(c, "name[%d] is not %s", j, want); break; }
    }
    double w[5], e1[1];
    for (int j = 0; j < k; j++) w[j] = js_pos(i, j);
    peer_check_doubles(c, "position", v->pos, v->n_pos, w, (uint32_t)k);
    for (int j = 0; j < k; j++) w[j] = js_vel(i, j);
    peer_check_doubles(c, "velocity", v->vel, v->n_vel, w, (uint32_t)k);
    e1[0] = js_eff(i);
    peer_check_doubles(c, "effort", v->eff, v->n_eff, e1, (uint32_t)js_eff_count(i));
  } else if (type == T_POSEARRAY) {
    int k = pa_count(i);
    if (v->n_poses != (uint32_t)k) { peer_bad(c, "%u poses, expected %d", v->n_poses, k); return; }
    for (int p = 0; p < k; p++) {
      double w[7]; pa_pose(i, p, w);
      char what[32]; snprintf(what, sizeof what, "pose[%d]", p);
      peer_check_doubles(c, what, v->poses + 7 * p, 7, w, 7);
    }
  } else {
    if (strcmp(v->encoding, "mono8")) peer_bad(c, "encoding is not mono8");
    if (v->is_bigendian) peer_bad(c, "is_bigendian is %u, expected 0", v->is_bigendian);
    if (v->step != v->width) peer_bad(c, "step %u is not width %u (mono8)", v->step, v->width);
    if ((uint64_t)v->height * v->step != v->data_len) peer_bad(c, "%zu data bytes, height*step is %llu", v->data_len, (unsigned long long)v->height * v->step);
    uint32_t h, w; img_dims((long long)v->data_len, &h, &w);
    if (v->height != h || v->width != w) peer_bad(c, "%ux%u for %zu bytes, expected %ux%u", v->height, v->width, v->data_len, h, w);
    const uint8_t *want = peer_pattern_for(v->data_len) + (i & 0xff);
    if (v->data_len && memcmp(v->data, want, v->data_len)) {
      size_t k = 0; while (v->data[k] == want[k]) k++;
      peer_bad(c, "data[%zu]=%u, expected %u", k, v->data[k], want[k]);
    }
  }
}

static void peer_put_doubles(const char *name, const double *d, uint32_t n) {
  printf(" %s=", name);
  for (uint32_t k = 0; k < n; k++) printf(k ? ",%.17g" : "%.17g", d[k]);
}

/* the one line that summarizes a sample (no newline) */
static void peer_put_summary(int type, const peer_view *v) {
  if (type == T_STRING) { peer_put_escaped(v->text, v->text_len, (size_t)-1); return; }
  printf("stamp=%d.%09u frame=", v->sec, v->nanosec);
  peer_put_escaped(v->frame, strlen(v->frame), 200);
  if (type == T_JOINTSTATE) {
    fputs(" names=", stdout);
    for (uint32_t k = 0; k < v->n_names; k++) { if (k) putchar(','); peer_put_escaped(v->names[k], strlen(v->names[k]), 200); }
    peer_put_doubles("pos", v->pos, v->n_pos);
    peer_put_doubles("vel", v->vel, v->n_vel);
    peer_put_doubles("eff", v->eff, v->n_eff);
  } else if (type == T_POSEARRAY) {
    printf(" poses=%u", v->n_poses);
    for (uint32_t p = 0; p < v->n_poses; p++) {
      const double *d = v->poses + 7 * p;
      printf(" %.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g", d[0], d[1], d[2], d[3], d[4], d[5], d[6]);
    }
  } else {
    printf(" %ux%u enc=", v->height, v->width);
    peer_put_escaped(v->encoding, strlen(v->encoding), 200);
    printf(" bigendian=%u step=%u bytes=%zu crc=%08x", v->is_bigendian, v->step, v->data_len, peer_crc32(v->data, v->data_len));
  }
}

static size_t peer_payload_bytes(int type, const peer_view *v) {
  switch (type) {
    case T_STRING: return v->text_len;
    case T_IMAGE: return v->data_len;
    case T_JOINTSTATE: return 8 * ((size_t)v->n_pos + v->n_vel + v->n_eff);
    default: return 56 * (size_t)v->n_poses;
  }
}

/* ---- what a sub counts ---- */
#define PEER_MAX_WRITERS 64
typedef struct {
  long long count, bad, order;
  unsigned long long bytes;
  int64_t first_ns, last_ns;
  int64_t *lat; size_t n_lat, cap_lat;
  uint64_t writer_key[PEER_MAX_WRITERS][2]; long long writer_last[PEER_MAX_WRITERS]; int n_writers;
} peer_stats;

/* previous index from the same writer when `index` does not come after it, else -1 */
static long long peer_order(peer_stats *s, const uint64_t key[2], long long index) {
  int w;
  for (w = 0; w < s->n_writers; w++) if (s->writer_key[w][0] == key[0] && s->writer_key[w][1] == key[1]) break;
  if (w == s->n_writers) {
    if (w == PEER_MAX_WRITERS) return -1;
    s->n_writers++; s->writer_key[w][0] = key[0]; s->writer_key[w][1] = key[1]; s->writer_last[w] = index;
    return -1;
  }
  long long prev = s->writer_last[w];
  s->writer_last[w] = index;
  return index <= prev ? prev : -1;
}

/* everything a sub does with one received sample */
static void peer_on_sample(const peer_opts *o, peer_stats *s, const peer_view *v, const uint64_t writer_key[2], int64_t now_ns) {
  peer_check c;
  peer_check_sample(o->type, v, o->stamp, &c);
  if (s->count == 0) s->first_ns = now_ns;
  s->last_ns = now_ns;
  s->count++;
  s->bytes += peer_payload_bytes(o->type, v);
  if (c.index >= 0 && o->reliable) {
    long long prev = peer_order(s, writer_key, c.index);
    if (prev >= 0) { printf("ORDER %lld %lld\n", prev, c.index); s->order++; }
  }
  if (c.bad[0]) { printf("BAD %s\n", c.bad); s->bad++; }
  if (o->report) {
    if (c.stamp_ns >= 0) {
      if (s->n_lat == s->cap_lat && s->cap_lat < (64u << 20)) {
        size_t cap = s->cap_lat ? 2 * s->cap_lat : 4096;
        int64_t *l = (int64_t *)realloc(s->lat, cap * sizeof *l);
        if (l) { s->lat = l; s->cap_lat = cap; }
      }
      if (s->n_lat < s->cap_lat) s->lat[s->n_lat++] = now_ns - c.stamp_ns;
    }
  } else {
    peer_put_summary(o->type, v);
    putchar('\n');
  }
  fflush(stdout);
}

static int peer_cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}
static double peer_pct_us(const int64_t *sorted, size_t n, double p) {
  if (!n) return -1;
  size_t k = (size_t)ceil(p / 100.0 * (double)n);
  if (k < 1) k = 1;
  return (double)sorted[k - 1] / 1000.0;
}

static void peer_print_report(peer_stats *s) {
  double secs = s->count > 1 ? (double)(s->last_ns - s->first_ns) / 1e9 : 0;
  double rate = secs > 0 ? (double)(s->count - 1) / secs : 0;
  double mbps = secs > 0 && s->count > 1 ? (double)s->bytes * ((double)(s->count - 1) / (double)s->count) / secs / 1e6 : 0;
  if (s->n_lat) qsort(s->lat, s->n_lat, sizeof *s->lat, peer_cmp_i64);
  printf("report count=%lld bytes=%llu seconds=%.6f msgs_per_s=%.1f mbytes_per_s=%.3f lat_samples=%zu lat_p50_us=%.1f lat_p90_us=%.1f lat_p99_us=%.1f lat_max_us=%.1f bad=%lld order=%lld\n",
         s->count, s->bytes, secs, rate, mbps, s->n_lat, peer_pct_us(s->lat, s->n_lat, 50), peer_pct_us(s->lat, s->n_lat, 90),
         peer_pct_us(s->lat, s->n_lat, 99), s->n_lat ? (double)s->lat[s->n_lat - 1] / 1000.0 : -1.0, s->bad, s->order);
  fflush(stdout);
}

/* exit code of a sub once it stops receiving */
static int peer_sub_finish(const peer_opts *o, peer_stats *s) {
  if (o->report) peer_print_report(s);
  int short_of_n = o->n > 0 && s->count < o->n;
  if (short_of_n) fprintf(stderr, "got %lld of %lld\n", s->count, o->n);
  return s->bad || s->order ? EXIT_CONTENT : short_of_n ? EXIT_TIMEOUT : EXIT_OK;
}

/* ---- services: request i of a caller is a=i, b=1000000+3i; the answer is their sum ---- */
static int64_t svc_a(long long i) { return (int64_t)i; }
static int64_t svc_b(long long i) { return 1000000 + 3 * (int64_t)i; }

/* what a caller does with the reply to its request i: one line, and the round trip kept for
 * --report; returns 0 when the sum is wrong */
static int peer_on_reply(const peer_opts *o, peer_stats *s, long long i, int64_t sum, int64_t rtt_ns, int64_t now_ns) {
  int ok = sum == svc_a(i) + svc_b(i);
  if (s->count == 0) s->first_ns = now_ns;
  s->last_ns = now_ns;
  s->count++;
  if (!ok) { printf("BAD reply %lld sum=%lld, expected %lld\n", i, (long long)sum, (long long)(svc_a(i) + svc_b(i))); s->bad++; }
  if (o->report) {
    if (s->n_lat == s->cap_lat && s->cap_lat < (64u << 20)) {
      size_t cap = s->cap_lat ? 2 * s->cap_lat : 4096;
      int64_t *l = (int64_t *)realloc(s->lat, cap * sizeof *l);
      if (l) { s->lat = l; s->cap_lat = cap; }
    }
    if (s->n_lat < s->cap_lat) s->lat[s->n_lat++] = rtt_ns;
  } else {
    printf("reply %lld sum=%lld\n", i, (long long)sum);
  }
  fflush(stdout);
  return ok;
}

#endif

/* cyclone-ros2peer: a ROS 2-shaped peer on Cyclone DDS 0.10 (what rmw_cyclonedds_cpp puts on the
 * wire for std_msgs/String, sensor_msgs/JointState, geometry_msgs/PoseArray, sensor_msgs/Image, and
 * the example_interfaces/AddTwoInts service with its request header in front of each payload).
 * Interface: ../README.md; shared logic: ../ros2peer_common.h. */
#define _GNU_SOURCE
#include "ros2peer_common.h"
#include "dds/dds.h"
#include "std_msgs.h"
#include "geometry_msgs.h"
#include "sensor_msgs.h"
#include "example_interfaces.h"
#include "std_srvs.h"

#define BATCH 16

static const dds_topic_descriptor_t *type_desc(int type) {
  switch (type) {
    case T_STRING: return &std_msgs_msg_dds__String__desc;
    case T_JOINTSTATE: return &sensor_msgs_msg_dds__JointState__desc;
    case T_POSEARRAY: return &geometry_msgs_msg_dds__PoseArray__desc;
    default: return &sensor_msgs_msg_dds__Image__desc;
  }
}

static void fail(const char *what, dds_return_t rc) {
  fprintf(stderr, "ros2peer: %s: %s\n", what, dds_strretcode(rc < 0 ? -rc : rc));
}

/* ---- one sample to write, in buffers owned here (never freed by Cyclone: _release false) ---- */
typedef struct {
  union {
    std_msgs_msg_dds__String_ str;
    sensor_msgs_msg_dds__JointState_ js;
    geometry_msgs_msg_dds__PoseArray_ pa;
    sensor_msgs_msg_dds__Image_ img;
  } u;
  char frame[64];
  char *text;
  char name_store[5][8]; char *names[5];
  double pos[5], vel[5], eff[1];
  geometry_msgs_msg_dds__Pose_ poses[4];
  uint8_t *bad_data; /* --corrupt: a copy of the image data with one byte changed */
} outgoing;

static void header(std_msgs_msg_dds__Header_ *h, char *frame, const char *prefix, long long i, int stamp) {
  sprintf(frame, "%s%lld", prefix, i);
  h->frame_id = frame;
  if (stamp) peer_mono_stamp(&h->stamp.sec, &h->stamp.nanosec);
  else peer_stamp_of(i, &h->stamp.sec, &h->stamp.nanosec);
}

/* one value wrong, to see a sub's checks fail */
static void corrupt(const peer_opts *o, outgoing *m) {
  switch (o->type) {
    case T_STRING: m->text[0] = 'j'; break;
    case T_JOINTSTATE: m->pos[0] += 0.25; break;
    case T_POSEARRAY: m->u.pa.header.stamp.nanosec += 1; break;
    default:
      if (!o->size) { m->u.img.step += 1; break; }
      free(m->bad_data);
      m->bad_data = (uint8_t *)malloc((size_t)o->size);
      if (!m->bad_data) { fprintf(stderr, "ros2peer: out of memory\n"); exit(EXIT_DDS); }
      memcpy(m->bad_data, m->u.img.data._buffer, (size_t)o->size);
      m->bad_data[o->size / 2] ^= 0x10;
      m->u.img.data._buffer = m->bad_data;
      break;
  }
}

static void fill(const peer_opts *o, outgoing *m, long long i) {
  memset(&m->u, 0, sizeof m->u);
  switch (o->type) {
    case T_STRING:
      str_text(m->text, i, o->size, o->stamp);
      m->u.str.data = m->text;
      break;
    case T_JOINTSTATE: {
      int k = js_count(i);
      for (int j = 0; j < k; j++) {
        sprintf(m->name_store[j], "j%d", j); m->names[j] = m->name_store[j];
        m->pos[j] = js_pos(i, j); m->vel[j] = js_vel(i, j);
      }
      m->eff[0] = js_eff(i);
      sensor_msgs_msg_dds__JointState_ *js = &m->u.js;
      js->name._buffer = m->names; js->name._length = js->name._maximum = (uint32_t)k;
      js->position._buffer = m->pos; js->position._length = js->position._maximum = (uint32_t)k;
      js->velocity._buffer = m->vel; js->velocity._length = js->velocity._maximum = (uint32_t)k;
      js->effort._buffer = m->eff; js->effort._length = js->effort._maximum = (uint32_t)js_eff_count(i);
      header(&js->header, m->frame, "f", i, o->stamp);
      break;
    }
    case T_POSEARRAY: {
      int k = pa_count(i);
      for (int p = 0; p < k; p++) {
        double v[7]; pa_pose(i, p, v);
        m->poses[p].position.x = v[0]; m->poses[p].position.y = v[1]; m->poses[p].position.z = v[2];
        m->poses[p].orientation.x = v[3]; m->poses[p].orientation.y = v[4];
        m->poses[p].orientation.z = v[5]; m->poses[p].orientation.w = v[6];
      }
      m->u.pa.poses._buffer = m->poses; m->u.pa.poses._length = m->u.pa.poses._maximum = (uint32_t)k;
      header(&m->u.pa.header, m->frame, "p", i, o->stamp);
      break;
    }
    default: {
      sensor_msgs_msg_dds__Image_ *im = &m->u.img;
      img_dims(o->size, &im->height, &im->width);
      im->step = im->width;
      im->encoding = (char *)"mono8";
      im->is_bigendian = 0;
      im->data._buffer = (uint8_t *)peer_pattern_for((size_t)o->size) + (i & 0xff);
      im->data._length = im->data._maximum = (uint32_t)o->size;
      header(&im->header, m->frame, "img", i, o->stamp); /* stamped last: closest to the write */
      break;
    }
  }
  if (i == o->corrupt) corrupt(o, m);
}

/* ---- a received sample as the shared checks see it ---- */
static void view_of(int type, const void *sample, peer_view *v, double **scratch, size_t *scratch_cap) {
  memset(v, 0, sizeof *v);
  const std_msgs_msg_dds__Header_ *h = NULL;
  switch (type) {
    case T_STRING: {
      const std_msgs_msg_dds__String_ *s = (const std_msgs_msg_dds__String_ *)sample;
      v->text = s->data ? s->data : ""; v->text_len = strlen(v->text);
      v->frame = "";
      return;
    }
    case T_JOINTSTATE: {
      const sensor_msgs_msg_dds__JointState_ *m = (const sensor_msgs_msg_dds__JointState_ *)sample;
      h = &m->header;
      v->n_names = m->name._length; v->names = (const char *const *)m->name._buffer;
      v->n_pos = m->position._length; v->pos = m->position._buffer;
      v->n_vel = m->velocity._length; v->vel = m->velocity._buffer;
      v->n_eff = m->effort._length; v->eff = m->effort._buffer;
      break;
    }
    case T_POSEARRAY: {
      const geometry_msgs_msg_dds__PoseArray_ *m = (const geometry_msgs_msg_dds__PoseArray_ *)sample;
      h = &m->header;
      size_t need = 7 * (size_t)m->poses._length;
      if (need > *scratch_cap) {
        free(*scratch); *scratch = (double *)malloc(need * sizeof(double)); *scratch_cap = *scratch ? need : 0;
        if (!*scratch) { fprintf(stderr, "ros2peer: out of memory\n"); exit(EXIT_DDS); }
      }
      for (uint32_t p = 0; p < m->poses._length; p++) {
        const geometry_msgs_msg_dds__Pose_ *q = &m->poses._buffer[p];
        double *d = *scratch + 7 * p;
        d[0] = q->position.x; d[1] = q->position.y; d[2] = q->position.z;
        d[3] = q->orientation.x; d[4] = q->orientation.y; d[5] = q->orientation.z; d[6] = q->orientation.w;
      }
      v->n_poses = m->poses._length; v->poses = *scratch;
      break;
    }
    default: {
      const sensor_msgs_msg_dds__Image_ *m = (const sensor_msgs_msg_dds__Image_ *)sample;
      h = &m->header;
      v->height = m->height; v->width = m->width; v->step = m->step;
      v->encoding = m->encoding ? m->encoding : ""; v->is_bigendian = m->is_bigendian;
      v->data = m->data._buffer; v->data_len = m->data._length;
      break;
    }
  }
  v->sec = h->stamp.sec; v->nanosec = h->stamp.nanosec; v->frame = h->frame_id ? h->frame_id : "";
}

static dds_qos_t *endpoint_qos(const peer_opts *o) {
  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, o->reliable ? DDS_RELIABILITY_RELIABLE : DDS_RELIABILITY_BEST_EFFORT, DDS_SECS(10));
  dds_qset_durability(q, o->transient_local ? DDS_DURABILITY_TRANSIENT_LOCAL : DDS_DURABILITY_VOLATILE);
  dds_qset_history(q, DDS_HISTORY_KEEP_LAST, o->depth);
  /* Cyclone keeps for late joiners what the durability service history says (default: 1) */
  if (o->transient_local)
    dds_qset_durability_service(q, 0, DDS_HISTORY_KEEP_LAST, o->depth, DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
  dds_data_representation_id_t xcdr1 = DDS_DATA_REPRESENTATION_XCDR1; /* as rmw_cyclonedds_cpp */
  dds_qset_data_representation(q, 1, &xcdr1);
  return q;
}

static uint32_t matched_readers(dds_entity_t w) {
  dds_publication_matched_status_t st;
  return dds_get_publication_matched_status(w, &st) == DDS_RETCODE_OK ? st.current_count : 0;
}
static uint32_t matched_writers(dds_entity_t r) {
  dds_subscription_matched_status_t st;
  return dds_get_subscription_matched_status(r, &st) == DDS_RETCODE_OK ? st.current_count : 0;
}

static int run_pub(const peer_opts *o, dds_entity_t pp, dds_entity_t topic) {
  dds_qos_t *q = endpoint_qos(o);
  dds_entity_t w = dds_create_writer(pp, topic, q, NULL);
  dds_delete_qos(q);
  if (w < 0) { fail("create writer", w); return EXIT_DDS; }
  if (o->wait_match > 0) {
    int64_t end = peer_now_ns() + (int64_t)(o->match_timeout_s * 1e9);
    while (matched_readers(w) < (uint64_t)o->wait_match) {
      if (peer_now_ns() > end) {
        fprintf(stderr, "matched %u of %lld readers after %.1f s\n", matched_readers(w), o->wait_match, o->match_timeout_s);
        return EXIT_TIMEOUT;
      }
      if (!peer_sleep_until(peer_now_ns() + 10000000)) return EXIT_OK;
    }
    printf("matched %lld\n", o->wait_match); fflush(stdout);
  }
  if (o->wait_stdin && !peer_wait_stdin_line()) return EXIT_OK;
  outgoing *m = (outgoing *)calloc(1, sizeof *m);
  m->text = (char *)malloc((size_t)o->size + 64);
  if (!m->text) { fprintf(stderr, "ros2peer: out of memory\n"); return EXIT_DDS; }
  int64_t period = o->hz > 0 ? (int64_t)(1e9 / o->hz) : 0, start = peer_now_ns();
  long long i;
  int rc = EXIT_OK;
  for (i = 0; o->n == 0 || i < o->n; i++) {
    if (period && !peer_sleep_until(start + i * period)) break;
    if (peer_stopped()) break;
    fill(o, m, i);
    dds_return_t wr = dds_write(w, &m->u);
    if (wr < 0) { fail("write", wr); rc = EXIT_DDS; break; }
  }
  if (rc == EXIT_OK && !peer_stopped()) dds_wait_for_acks(w, DDS_SECS(10));
  printf("sent %lld\n", i); fflush(stdout);
  if (rc == EXIT_OK && o->linger_s > 0) peer_sleep_until(peer_now_ns() + (int64_t)(o->linger_s * 1e9));
  free(m->text); free(m->bad_data); free(m);
  return rc;
}

static int run_sub(const peer_opts *o, dds_entity_t pp, dds_entity_t topic) {
  dds_qos_t *q = endpoint_qos(o);
  dds_entity_t r = dds_create_reader(pp, topic, q, NULL);
  dds_delete_qos(q);
  if (r < 0) { fail("create reader", r); return EXIT_DDS; }
  dds_entity_t ws = dds_create_waitset(pp);
  dds_entity_t cond = dds_create_readcondition(r, DDS_ANY_STATE);
  dds_waitset_attach(ws, cond, r);
  peer_stats *s = (peer_stats *)calloc(1, sizeof *s);
  double *scratch = NULL; size_t scratch_cap = 0;
  int64_t end = peer_now_ns() + (int64_t)(o->timeout_s * 1e9);
  int announced = 0;
  while ((o->n == 0 || s->count < o->n) && !peer_stopped()) {
    int64_t now = peer_now_ns();
    if (now >= end) break;
    if (o->wait_match > 0 && !announced && matched_writers(r) >= (uint64_t)o->wait_match) {
      printf("matched %lld\n", o->wait_match); fflush(stdout); announced = 1;
    }
    int64_t left = end - now;
    dds_waitset_wait(ws, NULL, 0, left < DDS_MSECS(50) ? left : DDS_MSECS(50));
    void *samples[BATCH] = {NULL}; dds_sample_info_t infos[BATCH];
    int k = dds_take(r, samples, infos, BATCH, BATCH);
    if (k < 0) { fail("take", k); break; }
    int64_t got_at = peer_now_ns();
    for (int j = 0; j < k && (o->n == 0 || s->count < o->n); j++) {
      if (!infos[j].valid_data) continue;
      peer_view v; view_of(o->type, samples[j], &v, &scratch, &scratch_cap);
      uint64_t key[2] = {infos[j].publication_handle, 0};
      peer_on_sample(o, s, &v, key, got_at);
    }
    if (k > 0) dds_return_loan(r, samples, k);
  }
  int rc = peer_sub_finish(o, s);
  free(scratch); free(s->lat); free(s);
  return rc;
}

static int run_echo(const peer_opts *o, dds_entity_t pp, dds_entity_t topic_in) {
  dds_entity_t topic_out = dds_create_topic(pp, type_desc(o->type), o->topic_out, NULL, NULL);
  if (topic_out < 0) { fail("create topic", topic_out); return EXIT_DDS; }
  dds_qos_t *q = endpoint_qos(o);
  dds_entity_t r = dds_create_reader(pp, topic_in, q, NULL);
  dds_entity_t w = dds_create_writer(pp, topic_out, q, NULL);
  dds_delete_qos(q);
  if (r < 0 || w < 0) { fail("create reader/writer", r < 0 ? r : w); return EXIT_DDS; }
  dds_entity_t ws = dds_create_waitset(pp);
  dds_entity_t cond = dds_create_readcondition(r, DDS_ANY_STATE);
  dds_waitset_attach(ws, cond, r);
  long long echoed = 0;
  int rc = EXIT_OK, announced = 0;
  while (!peer_stopped() && rc == EXIT_OK) {
    if (o->wait_match > 0 && !announced && matched_writers(r) >= (uint64_t)o->wait_match && matched_readers(w) >= (uint64_t)o->wait_match) {
      printf("matched %lld\n", o->wait_match); fflush(stdout); announced = 1;
    }
    dds_waitset_wait(ws, NULL, 0, DDS_MSECS(50));
    void *samples[BATCH] = {NULL}; dds_sample_info_t infos[BATCH];
    int k = dds_take(r, samples, infos, BATCH, BATCH);
    if (k < 0) { fail("take", k); rc = EXIT_DDS; break; }
    for (int j = 0; j < k; j++) {
      if (!infos[j].valid_data) continue;
      dds_return_t wr = dds_write(w, samples[j]);
      if (wr < 0) { fail("write", wr); rc = EXIT_DDS; break; }
      echoed++;
    }
    if (k > 0) dds_return_loan(r, samples, k);
  }
  fprintf(stderr, "echoed %lld\n", echoed);
  return rc;
}


/* ---- services, as rmw_cyclonedds_cpp: request and reply carry the client's 64-bit id (the
 * instance handle of its request writer) and the request's sequence number in front of the
 * payload; the server copies both into the reply; a client keeps only replies with its id ---- */
typedef example_interfaces_srv_dds__AddTwoInts_Request_ svc_request;
typedef example_interfaces_srv_dds__AddTwoInts_Response_ svc_response;
typedef std_srvs_srv_dds__SetBool_Request_ flag_request;
typedef std_srvs_srv_dds__SetBool_Response_ flag_response;
/* the first two fields of every request and reply of both types */
typedef struct { uint64_t client_guid; int64_t sequence_number; } svc_header;

static int svc_endpoints(const peer_opts *o, dds_entity_t pp, int server, dds_entity_t *r, dds_entity_t *w) {
  int flag = o->type == T_SETBOOL;
  const dds_topic_descriptor_t *rq = flag ? &std_srvs_srv_dds__SetBool_Request__desc : &example_interfaces_srv_dds__AddTwoInts_Request__desc;
  const dds_topic_descriptor_t *rr = flag ? &std_srvs_srv_dds__SetBool_Response__desc : &example_interfaces_srv_dds__AddTwoInts_Response__desc;
  dds_entity_t trq = dds_create_topic(pp, rq, o->topic, NULL, NULL);
  dds_entity_t trr = dds_create_topic(pp, rr, o->topic_out, NULL, NULL);
  if (trq < 0 || trr < 0) { fail("create topic", trq < 0 ? trq : trr); return 0; }
  dds_qos_t *q = endpoint_qos(o); /* ROS 2's services profile: reliable, volatile, keep last 10 */
  *r = dds_create_reader(pp, server ? trq : trr, q, NULL);
  *w = dds_create_writer(pp, server ? trr : trq, q, NULL);
  dds_delete_qos(q);
  if (*r < 0 || *w < 0) { fail("create reader/writer", *r < 0 ? *r : *w); return 0; }
  return 1;
}

/* serve: one line per request */
static void svc_print_request(const peer_opts *o, const void *request) {
  const svc_header *h = (const svc_header *)request;
  if (o->type == T_SETBOOL) {
    printf("request data=%d client=%016llx seq=%lld\n", ((const flag_request *)request)->data ? 1 : 0,
           (unsigned long long)h->client_guid, (long long)h->sequence_number);
  } else {
    const svc_request *rq = (const svc_request *)request;
    printf("request a=%lld b=%lld client=%016llx seq=%lld\n", (long long)rq->a, (long long)rq->b,
           (unsigned long long)h->client_guid, (long long)h->sequence_number);
  }
  fflush(stdout);
}

/* serve: the sum; for setbool success is the request's data, message "flag is true|false" */
static dds_return_t svc_write_reply(const peer_opts *o, dds_entity_t w, const void *request) {
  const svc_header *h = (const svc_header *)request;
  if (o->type == T_SETBOOL) {
    int data = ((const flag_request *)request)->data;
    flag_response reply = {h->client_guid, h->sequence_number, data, (char *)(data ? "flag is true" : "flag is false")};
    return dds_write(w, &reply);
  }
  const svc_request *rq = (const svc_request *)request;
  svc_response reply = {h->client_guid, h->sequence_number, rq->a + rq->b};
  return dds_write(w, &reply);
}

/* call: request i (setbool: data is true for even i) */
static dds_return_t svc_write_request(const peer_opts *o, dds_entity_t w, uint64_t me, long long i) {
  if (o->type == T_SETBOOL) {
    flag_request rq = {me, (int64_t)(i + 1), i % 2 == 0};
    return dds_write(w, &rq);
  }
  svc_request rq = {me, (int64_t)(i + 1), svc_a(i), svc_b(i)};
  return dds_write(w, &rq);
}

/* call: checks and prints the reply to request i (setbool: `reply <i> success=<0|1> message=<m>`,
 * BAD when success is not the request's data); returns 0 when it is wrong */
static int svc_on_reply(const peer_opts *o, peer_stats *s, long long i, const void *reply, int64_t rtt_ns, int64_t now_ns) {
  if (o->type != T_SETBOOL) return peer_on_reply(o, s, i, ((const svc_response *)reply)->sum, rtt_ns, now_ns);
  const flag_response *re = (const flag_response *)reply;
  int expected = i % 2 == 0, ok = (re->success != 0) == expected;
  if (s->count == 0) s->first_ns = now_ns;
  s->last_ns = now_ns;
  s->count++;
  if (!ok) { printf("BAD reply %lld success=%d, expected %d\n", i, re->success ? 1 : 0, expected); s->bad++; }
  else printf("reply %lld success=%d message=%s\n", i, re->success ? 1 : 0, re->message ? re->message : "");
  fflush(stdout);
  return ok;
}

static int run_serve(const peer_opts *o, dds_entity_t pp) {
  dds_entity_t r, w;
  if (!svc_endpoints(o, pp, 1, &r, &w)) return EXIT_DDS;
  dds_entity_t ws = dds_create_waitset(pp);
  dds_entity_t cond = dds_create_readcondition(r, DDS_ANY_STATE);
  dds_waitset_attach(ws, cond, r);
  int64_t end = peer_now_ns() + (int64_t)(o->timeout_s * 1e9);
  long long served = 0;
  int announced = 0, rc = EXIT_OK;
  while ((o->n == 0 || served < o->n) && !peer_stopped() && rc == EXIT_OK) {
    int64_t now = peer_now_ns();
    if (now >= end) break;
    if (o->wait_match > 0 && !announced && matched_writers(r) >= (uint64_t)o->wait_match && matched_readers(w) >= (uint64_t)o->wait_match) {
      printf("matched %lld\n", o->wait_match); fflush(stdout); announced = 1;
    }
    int64_t left = end - now;
    dds_waitset_wait(ws, NULL, 0, left < DDS_MSECS(50) ? left : DDS_MSECS(50));
    void *samples[1] = {NULL}; dds_sample_info_t info;
    int k = dds_take(r, samples, &info, 1, 1);
    if (k < 0) { fail("take", k); rc = EXIT_DDS; break; }
    if (k == 0) continue;
    if (info.valid_data) {
      svc_print_request(o, samples[0]);
      if (o->delay_ms > 0 && !peer_sleep_until(peer_now_ns() + o->delay_ms * 1000000LL)) { dds_return_loan(r, samples, k); break; }
      dds_return_t wr = svc_write_reply(o, w, samples[0]);
      if (wr < 0) { fail("write", wr); rc = EXIT_DDS; }
      served++;
    }
    dds_return_loan(r, samples, k);
  }
  if (rc == EXIT_OK && !peer_stopped()) dds_wait_for_acks(w, DDS_SECS(10));
  fprintf(stderr, "served %lld\n", served);
  if (rc == EXIT_OK && o->n > 0 && served < o->n) rc = EXIT_TIMEOUT;
  return rc;
}

static int run_call(const peer_opts *o, dds_entity_t pp) {
  dds_entity_t r, w;
  if (!svc_endpoints(o, pp, 0, &r, &w)) return EXIT_DDS;
  dds_instance_handle_t me;
  if (dds_get_instance_handle(w, &me) < 0) { fprintf(stderr, "ros2peer: no instance handle\n"); return EXIT_DDS; }
  int64_t match_end = peer_now_ns() + (int64_t)(o->match_timeout_s * 1e9);
  while (matched_readers(w) < 1 || matched_writers(r) < 1) {
    if (peer_now_ns() > match_end) {
      fprintf(stderr, "no server matched after %.1f s\n", o->match_timeout_s);
      return EXIT_TIMEOUT;
    }
    if (!peer_sleep_until(peer_now_ns() + 10000000)) return EXIT_OK;
  }
  printf("matched 1\n"); fflush(stdout);
  if (o->wait_stdin && !peer_wait_stdin_line()) return EXIT_OK;
  dds_entity_t ws = dds_create_waitset(pp);
  dds_entity_t cond = dds_create_readcondition(r, DDS_ANY_STATE);
  dds_waitset_attach(ws, cond, r);
  peer_stats *s = (peer_stats *)calloc(1, sizeof *s);
  long long others = 0;
  int rc = EXIT_OK;
  for (long long i = 0; (o->n == 0 || i < o->n) && !peer_stopped() && rc == EXIT_OK; i++) {
    int64_t sent = peer_now_ns(), end = sent + (int64_t)(o->timeout_s * 1e9);
    dds_return_t wr = svc_write_request(o, w, (uint64_t)me, i);
    if (wr < 0) { fail("write", wr); rc = EXIT_DDS; break; }
    int answered = 0;
    while (!answered && !peer_stopped()) {
      int64_t now = peer_now_ns();
      if (now >= end) { fprintf(stderr, "no reply to request %lld after %.1f s\n", i, o->timeout_s); rc = EXIT_TIMEOUT; break; }
      dds_waitset_wait(ws, NULL, 0, end - now < DDS_MSECS(50) ? end - now : DDS_MSECS(50));
      void *samples[BATCH] = {NULL}; dds_sample_info_t infos[BATCH];
      int k = dds_take(r, samples, infos, BATCH, BATCH);
      if (k < 0) { fail("take", k); rc = EXIT_DDS; break; }
      int64_t got = peer_now_ns();
      for (int j = 0; j < k; j++) {
        if (!infos[j].valid_data) continue;
        const svc_header *re = (const svc_header *)samples[j];
        if (re->client_guid != (uint64_t)me || re->sequence_number != (int64_t)(i + 1)) { others++; continue; }
        svc_on_reply(o, s, i, samples[j], got - sent, got);
        answered = 1;
      }
      if (k > 0) dds_return_loan(r, samples, k);
    }
  }
  if (o->report) peer_print_report(s);
  fprintf(stderr, "replies for others %lld\n", others);
  if (rc == EXIT_OK && s->bad) rc = EXIT_CONTENT;
  free(s->lat); free(s);
  return rc;
}

int main(int argc, char **argv) {
  peer_block_signals();
  peer_opts o;
  peer_parse(argc, argv, &o);
  int domain = peer_domain_id();
  dds_qos_t *pq = dds_create_qos();
  dds_qset_userdata(pq, "enclave=/;", 10); /* as a ROS 2 node's participant */
  dds_entity_t pp = dds_create_participant((dds_domainid_t)domain, pq, NULL);
  dds_delete_qos(pq);
  if (pp < 0) { fail("create participant", pp); return EXIT_DDS; }
  int rc;
  if (o.mode == MODE_SERVE || o.mode == MODE_CALL) {
    rc = o.mode == MODE_SERVE ? run_serve(&o, pp) : run_call(&o, pp);
    dds_delete(pp);
    return rc;
  }
  dds_entity_t topic = dds_create_topic(pp, type_desc(o.type), o.topic, NULL, NULL);
  if (topic < 0) { fail("create topic", topic); rc = EXIT_DDS; }
  else if (o.mode == MODE_PUB) rc = run_pub(&o, pp, topic);
  else if (o.mode == MODE_SUB) rc = run_sub(&o, pp, topic);
  else rc = run_echo(&o, pp, topic);
  dds_delete(pp);
  return rc;
}

/* cyclone-paramclient: a ROS 2 tool's parameter calls on Cyclone DDS 0.10, as rmw_cyclonedds_cpp
 * makes them (the request header in front of each request and response), and a reader of
 * /parameter_events.
 *   paramclient NODE list                          one line per parameter name
 *   paramclient NODE get NAME                      "type=T value=V" (V: bool, integer, double or string)
 *   paramclient NODE set NAME int|double|string V  "successful" or "refused: REASON"
 *   paramclient events N                           "event NODE new=a,b changed=c deleted=d", N of them
 * Exit: 0 done, 1 no server or no answer within 20 s, 2 usage, 3 DDS failure. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dds/dds.h"
#include "rcl_interfaces.h"

#define WAIT_NS (20LL * 1000000000LL)

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int check(const char *what, dds_return_t rc) {
  if (rc < 0) {
    fprintf(stderr, "paramclient: %s: %s\n", what, dds_strretcode(-rc));
    exit(3);
  }
  return rc;
}

static dds_qos_t *reliable(int depth) {
  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_durability(q, DDS_DURABILITY_VOLATILE);
  dds_qset_history(q, DDS_HISTORY_KEEP_LAST, depth);
  return q;
}

static int matched(dds_entity_t e, int writer) {
  if (writer) { dds_publication_matched_status_t s; dds_get_publication_matched_status(e, &s); return (int)s.current_count; }
  dds_subscription_matched_status_t s; dds_get_subscription_matched_status(e, &s); return (int)s.current_count;
}

/* Writes one request (its header filled here) and takes the response with the same header into *out. */
static int call(dds_entity_t pp, const char *node, const char *service, const dds_topic_descriptor_t *rq_desc,
    const dds_topic_descriptor_t *rr_desc, void *request, void **out, void **loan, dds_entity_t *reader) {
  char rq[512], rr[512];
  snprintf(rq, sizeof rq, "rq%s/%sRequest", node, service);
  snprintf(rr, sizeof rr, "rr%s/%sReply", node, service);
  dds_qos_t *q = reliable(10);
  dds_entity_t tw = check("request topic", dds_create_topic(pp, rq_desc, rq, q, NULL));
  dds_entity_t tr = check("reply topic", dds_create_topic(pp, rr_desc, rr, q, NULL));
  dds_entity_t w = check("request writer", dds_create_writer(pp, tw, q, NULL));
  dds_entity_t r = check("reply reader", dds_create_reader(pp, tr, q, NULL));
  dds_delete_qos(q);
  long long end = now_ns() + WAIT_NS;
  while (matched(w, 1) < 1 || matched(r, 0) < 1) {
    if (now_ns() > end) { fprintf(stderr, "paramclient: no server of %s/%s\n", node, service); return 1; }
    dds_sleepfor(DDS_MSECS(10));
  }
  dds_instance_handle_t me;
  check("instance handle", dds_get_instance_handle(w, &me));
  uint64_t *hdr = (uint64_t *)request;
  hdr[0] = (uint64_t)me;
  hdr[1] = 1;
  check("write", dds_write(w, request));
  while (now_ns() < end) {
    void *samples[1] = {NULL};
    dds_sample_info_t info[1];
    int n = check("take", dds_take(r, samples, info, 1, 1));
    if (n > 0 && info[0].valid_data && ((uint64_t *)samples[0])[0] == (uint64_t)me && ((uint64_t *)samples[0])[1] == 1) {
      *out = samples[0];
      *loan = samples[0];
      *reader = r;
      return 0;
    }
    if (n > 0) dds_return_loan(r, samples, n);
    dds_sleepfor(DDS_MSECS(5));
  }
  fprintf(stderr, "paramclient: no answer from %s/%s\n", node, service);
  return 1;
}

static void print_value(const rcl_interfaces_msg_dds__ParameterValue_ *v) {
  printf("type=%d value=", v->type);
  switch (v->type) {
    case 1: printf("%s", v->bool_value ? "true" : "false"); break;
    case 2: printf("%lld", (long long)v->integer_value); break;
    case 3: printf("%g", v->double_value); break;
    case 4: printf("%s", v->string_value); break;
    default: printf("-"); break;
  }
  printf("\n");
}

static void names(const char *label, const dds_sequence_rcl_interfaces_msg_dds__Parameter_ *s) {
  printf(" %s=", label);
  for (uint32_t i = 0; i < s->_length; i++) printf("%s%s", i ? "," : "", s->_buffer[i].name);
}

static int events(dds_entity_t pp, int count) {
  dds_qos_t *q = reliable(1000);
  dds_entity_t t = check("events topic", dds_create_topic(pp, &rcl_interfaces_msg_dds__ParameterEvent__desc,
      "rt/parameter_events", q, NULL));
  dds_entity_t r = check("events reader", dds_create_reader(pp, t, q, NULL));
  dds_delete_qos(q);
  long long matched_by = now_ns() + WAIT_NS;
  while (matched(r, 0) < 1 && now_ns() < matched_by) dds_sleepfor(DDS_MSECS(10));
  printf("ready\n"); /* a writer of /parameter_events is matched */
  fflush(stdout);
  long long end = now_ns() + WAIT_NS * 3;
  int got = 0;
  while (got < count && now_ns() < end) {
    void *samples[4] = {NULL};
    dds_sample_info_t info[4];
    int n = check("take", dds_take(r, samples, info, 4, 4));
    for (int i = 0; i < n; i++) {
      if (!info[i].valid_data) continue;
      const rcl_interfaces_msg_dds__ParameterEvent_ *e = samples[i];
      printf("event %s", e->node);
      names("new", &e->new_parameters);
      names("changed", &e->changed_parameters);
      names("deleted", &e->deleted_parameters);
      printf("\n");
      fflush(stdout);
      got++;
    }
    if (n > 0) dds_return_loan(r, samples, n);
    else dds_sleepfor(DDS_MSECS(10));
  }
  return got < count;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: see paramclient.c\n"); return 2; }
  const char *d = getenv("ROS_DOMAIN_ID");
  dds_qos_t *pq = dds_create_qos();
  dds_qset_userdata(pq, "enclave=/;", 10);
  dds_entity_t pp = check("participant", dds_create_participant(d ? atoi(d) : 0, pq, NULL));
  dds_delete_qos(pq);
  if (strcmp(argv[1], "events") == 0) return events(pp, atoi(argv[2]));
  const char *node = argv[1], *op = argv[2];
  void *out = NULL, *loan = NULL;
  dds_entity_t reader = 0;
  int rc;
  if (strcmp(op, "list") == 0) {
    rcl_interfaces_srv_dds__ListParameters_Request_ rq;
    memset(&rq, 0, sizeof rq);
    rc = call(pp, node, "list_parameters", &rcl_interfaces_srv_dds__ListParameters_Request__desc,
        &rcl_interfaces_srv_dds__ListParameters_Response__desc, &rq, &out, &loan, &reader);
    if (rc == 0) {
      const rcl_interfaces_srv_dds__ListParameters_Response_ *re = out;
      for (uint32_t i = 0; i < re->result.names._length; i++) printf("%s\n", re->result.names._buffer[i]);
    }
  } else if (strcmp(op, "get") == 0 && argc == 4) {
    rcl_interfaces_srv_dds__GetParameters_Request_ rq;
    memset(&rq, 0, sizeof rq);
    char *name = argv[3];
    rq.names._length = rq.names._maximum = 1;
    rq.names._buffer = &name;
    rc = call(pp, node, "get_parameters", &rcl_interfaces_srv_dds__GetParameters_Request__desc,
        &rcl_interfaces_srv_dds__GetParameters_Response__desc, &rq, &out, &loan, &reader);
    if (rc == 0) {
      const rcl_interfaces_srv_dds__GetParameters_Response_ *re = out;
      if (re->values._length == 1) print_value(&re->values._buffer[0]);
      else { fprintf(stderr, "paramclient: %u values for one name\n", re->values._length); rc = 1; }
    }
  } else if (strcmp(op, "set") == 0 && argc == 6) {
    rcl_interfaces_msg_dds__Parameter_ p;
    memset(&p, 0, sizeof p);
    p.name = argv[3];
    p.value.string_value = "";
    if (strcmp(argv[4], "int") == 0) { p.value.type = 2; p.value.integer_value = atoll(argv[5]); }
    else if (strcmp(argv[4], "double") == 0) { p.value.type = 3; p.value.double_value = atof(argv[5]); }
    else { p.value.type = 4; p.value.string_value = argv[5]; }
    rcl_interfaces_srv_dds__SetParameters_Request_ rq;
    memset(&rq, 0, sizeof rq);
    rq.parameters._length = rq.parameters._maximum = 1;
    rq.parameters._buffer = &p;
    rc = call(pp, node, "set_parameters", &rcl_interfaces_srv_dds__SetParameters_Request__desc,
        &rcl_interfaces_srv_dds__SetParameters_Response__desc, &rq, &out, &loan, &reader);
    if (rc == 0) {
      const rcl_interfaces_srv_dds__SetParameters_Response_ *re = out;
      if (re->results._length == 1 && re->results._buffer[0].successful) printf("successful\n");
      else printf("refused: %s\n", re->results._length == 1 ? re->results._buffer[0].reason : "?");
    }
  } else {
    fprintf(stderr, "usage: see paramclient.c\n");
    return 2;
  }
  fflush(stdout);
  if (loan) dds_return_loan(reader, &loan, 1);
  dds_delete(pp);
  return rc;
}

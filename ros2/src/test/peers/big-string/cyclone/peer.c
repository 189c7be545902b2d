/* The shared Cyclone peer (../shared/dds-peer/cyclone/peer.c) with large strings, for fragmentation tests.
 * usage: peer pub TOPIC N HZ [SIZE] | peer sub TOPIC N TIMEOUT_S [tl]   (tl: a transient-local reader)
 * pub: N strings of SIZE bytes, "hello I " then 'x' then one letter repeated ('a' + I % 26).
 * sub: one line per sample: its first 10 chars, len=LENGTH, uniform=1 when the repeated part is intact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dds/dds.h"
#include "String.h"

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: %s pub|sub TOPIC N HZ|TIMEOUT\n", argv[0]); return 2; }
  char dds_topic[256]; snprintf(dds_topic, sizeof dds_topic, "rt%s", argv[2]);
  int n = atoi(argv[3]);
  dds_entity_t pp = dds_create_participant(DDS_DOMAIN_DEFAULT, NULL, NULL);
  if (pp < 0) { fprintf(stderr, "participant: %s\n", dds_strretcode(-pp)); return 1; }
  dds_entity_t tp = dds_create_topic(pp, &std_msgs_msg_dds__String__desc, dds_topic, NULL, NULL);
  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_history(q, DDS_HISTORY_KEEP_LAST, 10);
  if (strcmp(argv[1], "pub") == 0) {
    dds_entity_t w = dds_create_writer(pp, tp, q, NULL);
    double hz = atof(argv[4]);
    int size = argc > 5 ? atoi(argv[5]) : 64;
    char *buf = malloc(size + 1);
    for (int i = 0; i < n; i++) {
      memset(buf, 'a' + i % 26, size); buf[size] = 0;
      int k = snprintf(buf, size + 1, "hello %d ", i); buf[k] = 'x';
      std_msgs_msg_dds__String_ m = { .data = buf };
      dds_write(w, &m);
      dds_sleepfor((dds_duration_t)(1e9 / hz));
    }
  } else {
    if (argc > 5 && strcmp(argv[5], "tl") == 0) dds_qset_durability(q, DDS_DURABILITY_TRANSIENT_LOCAL);
    dds_entity_t r = dds_create_reader(pp, tp, q, NULL);
    dds_time_t end = dds_time() + DDS_SECS(atoi(argv[4]));
    int got = 0;
    void *samples[1] = { NULL }; dds_sample_info_t info[1];
    while (got < n && dds_time() < end) {
      int k = dds_take(r, samples, info, 1, 1);
      if (k > 0 && info[0].valid_data) { { const char *d = ((std_msgs_msg_dds__String_ *)samples[0])->data; size_t L = strlen(d); int ok = 1; for (size_t j = 12; j < L; j++) if (d[j] != d[L-1]) { ok = 0; break; } printf("%.10s len=%zu uniform=%d\n", d, L, ok); } fflush(stdout); got++; }
      else dds_sleepfor(DDS_MSECS(5));
    }
    dds_return_loan(r, samples, 1);
    if (got < n) { fprintf(stderr, "got %d of %d\n", got, n); return 1; }
  }
  dds_delete(pp);
  return 0;
}

/* cyclone-graphpeer-{humble,iron}: a ROS 2 node's graph information on Cyclone DDS 0.10, as
 * rmw_cyclonedds_cpp sends and reads it. One node NAMESPACE/NAME with a std_msgs/String writer on
 * TOPIC; its ParticipantEntitiesInfo (Gid of GID_BYTES) on ros_discovery_info (reliable,
 * transient local, keep last 1). Prints "ready" once written, then, for every
 * ParticipantEntitiesInfo read from another participant, one line per node:
 *   node NAMESPACE NAME readers=R writers=W gid=HEX (the participant's 16-byte GUID)
 * and ends at the end of stdin. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include "dds/dds.h"
#include "rmw_dds_common.h"
#include "std_msgs.h"

typedef rmw_dds_common_msg_dds__ParticipantEntitiesInfo_ info_t;
typedef rmw_dds_common_msg_dds__NodeEntitiesInfo_ node_t;
typedef rmw_dds_common_msg_dds__Gid_ gid_t_;

static int check(const char *what, dds_return_t rc) {
  if (rc < 0) {
    fprintf(stderr, "graphpeer: %s: %s\n", what, dds_strretcode(-rc));
    exit(3);
  }
  return rc;
}

static void gid_of(dds_entity_t e, gid_t_ *gid) {
  dds_guid_t g;
  check("dds_get_guid", dds_get_guid(e, &g));
  memset(gid->data, 0, sizeof gid->data);
  memcpy(gid->data, g.v, 16);
}

static void print_info(const info_t *info, const gid_t_ *own) {
  if (memcmp(info->gid.data, own->data, 16) == 0) return; /* our own, read back */
  char hex[33];
  for (int i = 0; i < 16; i++) sprintf(hex + 2 * i, "%02x", info->gid.data[i]);
  for (uint32_t i = 0; i < info->node_entities_info_seq._length; i++) {
    const node_t *n = &info->node_entities_info_seq._buffer[i];
    printf("node %s %s readers=%u writers=%u gid=%s\n", n->node_namespace, n->node_name,
        n->reader_gid_seq._length, n->writer_gid_seq._length, hex);
  }
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s NAMESPACE NAME TOPIC\n", argv[0]);
    return 2;
  }
  const char *domain_env = getenv("ROS_DOMAIN_ID");
  dds_entity_t pp = check("participant", dds_create_participant(domain_env ? atoi(domain_env) : 0, NULL, NULL));

  char dds_topic[300];
  snprintf(dds_topic, sizeof dds_topic, "rt%s", argv[3]);
  dds_entity_t chatter = check("topic", dds_create_topic(pp, &std_msgs_msg_dds__String__desc, dds_topic, NULL, NULL));
  dds_entity_t writer = check("writer", dds_create_writer(pp, chatter, NULL, NULL));

  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_durability(q, DDS_DURABILITY_TRANSIENT_LOCAL);
  dds_qset_history(q, DDS_HISTORY_KEEP_LAST, 1);
  dds_entity_t info_topic = check("info topic",
      dds_create_topic(pp, &rmw_dds_common_msg_dds__ParticipantEntitiesInfo__desc, "ros_discovery_info", q, NULL));
  dds_entity_t info_writer = check("info writer", dds_create_writer(pp, info_topic, q, NULL));
  dds_entity_t info_reader = check("info reader", dds_create_reader(pp, info_topic, q, NULL));
  dds_delete_qos(q);

  gid_t_ own, writer_gid;
  gid_of(pp, &own);
  gid_of(writer, &writer_gid);
  node_t node;
  memset(&node, 0, sizeof node);
  strncpy(node.node_namespace, argv[1], sizeof node.node_namespace - 1);
  strncpy(node.node_name, argv[2], sizeof node.node_name - 1);
  node.writer_gid_seq._length = node.writer_gid_seq._maximum = 1;
  node.writer_gid_seq._buffer = &writer_gid;
  info_t info;
  memset(&info, 0, sizeof info);
  info.gid = own;
  info.node_entities_info_seq._length = info.node_entities_info_seq._maximum = 1;
  info.node_entities_info_seq._buffer = &node;
  check("write info", dds_write(info_writer, &info));
  printf("ready\n");
  fflush(stdout);

  struct pollfd in = {.fd = 0, .events = POLLIN};
  char buf[256];
  for (;;) {
    if (poll(&in, 1, 20) > 0) {
      if (read(0, buf, sizeof buf) <= 0) break; /* the end of stdin: stop */
    }
    void *samples[8] = {0};
    dds_sample_info_t infos[8];
    int n = check("take", dds_take(info_reader, samples, infos, 8, 8));
    for (int i = 0; i < n; i++) {
      if (infos[i].valid_data) print_info((const info_t *)samples[i], &own);
    }
    if (n > 0) dds_return_loan(info_reader, samples, n);
  }
  dds_delete(pp);
  return 0;
}

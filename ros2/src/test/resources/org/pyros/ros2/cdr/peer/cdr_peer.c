/* Serializes known ROS 2 messages with Cyclone DDS's own CDR stream (XCDR1, the encoding Cyclone
 * and rmw_cyclonedds_cpp send for ROS 2's final types) and prints each as "name hex" on a line,
 * the encapsulation header first: the reference bytes of CdrPeerTest. */
#include <stdio.h>
#include <string.h>
#include "dds/dds.h"
#include "dds/ddsi/ddsi_cdrstream.h"
#include "dds/ddsi/q_protocol.h"
#include "PyrosCdrC.h"

static void print (const char *name, const void *sample, const dds_topic_descriptor_t *desc, int big_endian)
{
  dds_ostream_t os;
  dds_ostream_init (&os, 0, CDR_ENC_VERSION_1);
  if (big_endian)
    dds_stream_writeBE ((dds_ostreamBE_t *) &os, sample, desc->m_ops);
  else
    dds_stream_writeLE ((dds_ostreamLE_t *) &os, sample, desc->m_ops);
  printf ("%s %s", name, big_endian ? "00000000" : "00010000");
  for (uint32_t i = 0; i < os.m_index; i++)
    printf ("%02x", os.m_buffer[i]);
  printf ("\n");
  dds_ostream_fini (&os);
}

int main (void)
{
  std_msgs_msg_dds__String_ s = { .data = "hello" };
  print ("string_hello", &s, &std_msgs_msg_dds__String__desc, 0);
  s.data = "";
  print ("string_empty", &s, &std_msgs_msg_dds__String__desc, 0);
  s.data = "h\xc3\xa9llo \xe2\x9c\x93";
  print ("string_utf8", &s, &std_msgs_msg_dds__String__desc, 0);
  print ("string_utf8_be", &s, &std_msgs_msg_dds__String__desc, 1);

  std_msgs_msg_dds__Header_ h = { .stamp = { .sec = -5, .nanosec = 123456789u }, .frame_id = "base_link" };
  print ("header", &h, &std_msgs_msg_dds__Header__desc, 0);

  uint8_t pixels[] = { 1, 2, 3, 250, 251, 252 };
  sensor_msgs_msg_dds__Image_ img = { .header = h, .height = 2, .width = 3, .encoding = "mono8",
    .is_bigendian = 0, .step = 3, .data = { ._maximum = 6, ._length = 6, ._buffer = pixels } };
  print ("image", &img, &sensor_msgs_msg_dds__Image__desc, 0);

  int16_t c0[] = { 1, -2, 3 }, c2[] = { 7 }, c3[] = { -32768, 32767 };
  pyros_test_msg_dds__Inner_ inners[] = {
    { .a = 1, .b = -0.5, .c = { ._maximum = 3, ._length = 3, ._buffer = c0 } },
    { .a = -128, .b = 1e300, .c = { 0 } } };
  uint8_t bytes[] = { 0, 255, 16, 32, 64 };
  char *names[] = { "a", "", "three" };
  double doubles[] = { 1.0, 2.0 };
  pyros_test_msg_dds__Mixed_ m = {
    .header = h, .flag = true, .small = -7, .big = 3.25,
    .inners = { ._maximum = 2, ._length = 2, ._buffer = inners },
    .pair = { { .a = 2, .b = 2.5, .c = { ._maximum = 1, ._length = 1, ._buffer = c2 } },
              { .a = 3, .b = 0.0, .c = { ._maximum = 2, ._length = 2, ._buffer = c3 } } },
    .raw = { 9, 8, 7 },
    .bytes = { ._maximum = 5, ._length = 5, ._buffer = bytes },
    .names = { ._maximum = 3, ._length = 3, ._buffer = names },
    .bounded = "abc", .u = 18446744073709551615ull, .f = -1.5f,
    .bounded_doubles = { ._maximum = 2, ._length = 2, ._buffer = doubles },
    .flags = { true, false, true }, .last = 65535 };
  print ("mixed", &m, &pyros_test_msg_dds__Mixed__desc, 0);
  print ("mixed_be", &m, &pyros_test_msg_dds__Mixed__desc, 1);

  pyros_test_msg_dds__Mixed_ empty;
  memset (&empty, 0, sizeof (empty));
  empty.header.frame_id = "";
  for (int i = 0; i < 2; i++) empty.pair[i].c._length = 0;
  print ("mixed_default", &empty, &pyros_test_msg_dds__Mixed__desc, 0);
  return 0;
}

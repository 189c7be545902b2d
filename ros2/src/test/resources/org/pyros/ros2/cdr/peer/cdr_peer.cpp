// Serializes known ROS 2 messages with Fast CDR (as rmw_fastrtps_cpp does for plain types) and
// prints each as "name hex" on a line: the reference bytes of CdrPeerTest.
#include "PyrosCdr.h"
#include <fastcdr/Cdr.h>
#include <fastcdr/FastBuffer.h>
#include <cstdio>
#include <algorithm>
#include <vector>

using eprosima::fastcdr::Cdr;

static std::vector<char> buffer(1 << 20);

template<typename T>
static void print(const char* name, const T& value, Cdr::Endianness endianness) {
  // Fast CDR skips padding without writing it: zero the buffer so padding reads as zero.
  std::fill(buffer.begin(), buffer.end(), 0);
  eprosima::fastcdr::FastBuffer fb(buffer.data(), buffer.size());
  Cdr cdr(fb, endianness, Cdr::DDS_CDR);
  cdr.serialize_encapsulation();
  value.serialize(cdr);
  printf("%s ", name);
  for (size_t i = 0; i < cdr.getSerializedDataLength(); i++) {
    printf("%02x", static_cast<unsigned char>(buffer[i]));
  }
  printf("\n");
}

static pyros_test::msg::dds_::Inner_ inner(int8_t a, double b, std::vector<int16_t> c) {
  pyros_test::msg::dds_::Inner_ i;
  i.a(a);
  i.b(b);
  i.c(c);
  return i;
}

int main() {
  std_msgs::msg::dds_::String_ s;
  s.data("hello");
  print("string_hello", s, Cdr::LITTLE_ENDIANNESS);
  s.data("");
  print("string_empty", s, Cdr::LITTLE_ENDIANNESS);
  s.data("h\xc3\xa9llo \xe2\x9c\x93");
  print("string_utf8", s, Cdr::LITTLE_ENDIANNESS);
  print("string_utf8_be", s, Cdr::BIG_ENDIANNESS);

  std_msgs::msg::dds_::Header_ h;
  h.stamp().sec(-5);
  h.stamp().nanosec(123456789u);
  h.frame_id("base_link");
  print("header", h, Cdr::LITTLE_ENDIANNESS);

  sensor_msgs::msg::dds_::Image_ img;
  img.header(h);
  img.height(2);
  img.width(3);
  img.encoding("mono8");
  img.is_bigendian(0);
  img.step(3);
  img.data({1, 2, 3, 250, 251, 252});
  print("image", img, Cdr::LITTLE_ENDIANNESS);

  pyros_test::msg::dds_::Mixed_ m;
  m.header(h);
  m.flag(true);
  m.small(-7);
  m.big(3.25);
  m.inners({inner(1, -0.5, {1, -2, 3}), inner(-128, 1e300, {})});
  m.pair({inner(2, 2.5, {7}), inner(3, 0.0, {-32768, 32767})});
  m.raw({9, 8, 7});
  m.bytes({0, 255, 16, 32, 64});
  m.names({"a", "", "three"});
  m.bounded("abc");
  m.wide(L"h\u00e9\u2713");
  m.u(18446744073709551615ull);
  m.f(-1.5f);
  m.bounded_doubles({1.0, 2.0});
  m.flags({true, false, true});
  m.last(65535);
  print("mixed", m, Cdr::LITTLE_ENDIANNESS);
  // Fast CDR 1.0 writes the wchars of a big-endian wstring in the wrong byte order (its
  // eProsima/Fast-CDR#185): the big-endian case carries an empty one.
  m.wide(L"");
  print("mixed_be", m, Cdr::BIG_ENDIANNESS);

  pyros_test::msg::dds_::Mixed_ empty;
  print("mixed_default", empty, Cdr::LITTLE_ENDIANNESS);
  return 0;
}

// fastdds-ros2peer: a ROS 2-shaped peer on Fast DDS 2.9 (what rmw_fastrtps_cpp puts on the wire for
// std_msgs/String, sensor_msgs/JointState, geometry_msgs/PoseArray, sensor_msgs/Image, and the
// example_interfaces/AddTwoInts service with the request identity in the RTPS sample identities).
// Interface: ../README.md; shared logic: ../ros2peer_common.h.
#include "ros2peer_common.h"

#include <fastdds/dds/domain/DomainParticipant.hpp>
#include <fastdds/dds/domain/DomainParticipantFactory.hpp>
#include <fastdds/dds/publisher/DataWriter.hpp>
#include <fastdds/dds/publisher/Publisher.hpp>
#include <fastdds/dds/subscriber/DataReader.hpp>
#include <fastdds/dds/subscriber/SampleInfo.hpp>
#include <fastdds/dds/subscriber/Subscriber.hpp>
#include <fastdds/dds/topic/Topic.hpp>
#include <fastdds/dds/topic/TypeSupport.hpp>

#include <string>
#include <vector>

#include "example_interfaces.h"
#include "example_interfacesPubSubTypes.h"
#include "geometry_msgs.h"
#include "geometry_msgsPubSubTypes.h"
#include "sensor_msgs.h"
#include "sensor_msgsPubSubTypes.h"
#include "std_msgs.h"
#include "std_msgsPubSubTypes.h"

using namespace eprosima::fastdds::dds;
using eprosima::fastrtps::Duration_t;
namespace sm = sensor_msgs::msg::dds_;
namespace gm = geometry_msgs::msg::dds_;
namespace stdm = std_msgs::msg::dds_;
namespace ei = example_interfaces::srv::dds_;

// ---- per type: its type support, filling sample i, and the view the shared checks read ----
struct Scratch {
  std::vector<const char*> names;
  std::vector<double> poses;
};

static void header(stdm::Header_& h, const char* prefix, long long i, bool stamp) {
  h.frame_id(prefix + std::to_string(i));
  int32_t sec; uint32_t ns;
  if (stamp) peer_mono_stamp(&sec, &ns); else peer_stamp_of(i, &sec, &ns);
  h.stamp().sec(sec); h.stamp().nanosec(ns);
}
static void view_header(const stdm::Header_& h, peer_view* v) {
  v->sec = h.stamp().sec(); v->nanosec = h.stamp().nanosec(); v->frame = h.frame_id().c_str();
}

struct StringType {
  using T = stdm::String_;
  using Support = stdm::String_PubSubType;
  std::vector<char> buf;
  void fill(const peer_opts& o, T& m, long long i) {
    if (buf.size() < (size_t)o.size + 64) buf.resize((size_t)o.size + 64);
    size_t n = str_text(buf.data(), i, o.size, o.stamp);
    m.data().assign(buf.data(), n);
  }
  static void corrupt(const peer_opts&, T& m) { m.data()[0] = 'j'; }
  static void view(const T& m, peer_view* v, Scratch&) {
    v->text = m.data().c_str(); v->text_len = m.data().size(); v->frame = "";
  }
};

struct JointStateType {
  using T = sm::JointState_;
  using Support = sm::JointState_PubSubType;
  void fill(const peer_opts& o, T& m, long long i) {
    int k = js_count(i);
    m.name().clear(); m.position().clear(); m.velocity().clear(); m.effort().clear();
    for (int j = 0; j < k; j++) {
      m.name().push_back("j" + std::to_string(j));
      m.position().push_back(js_pos(i, j));
      m.velocity().push_back(js_vel(i, j));
    }
    if (js_eff_count(i)) m.effort().push_back(js_eff(i));
    header(m.header(), "f", i, o.stamp);
  }
  static void corrupt(const peer_opts&, T& m) { m.position()[0] += 0.25; }
  static void view(const T& m, peer_view* v, Scratch& s) {
    view_header(m.header(), v);
    s.names.clear();
    for (const auto& n : m.name()) s.names.push_back(n.c_str());
    v->n_names = (uint32_t)s.names.size(); v->names = s.names.data();
    v->n_pos = (uint32_t)m.position().size(); v->pos = m.position().data();
    v->n_vel = (uint32_t)m.velocity().size(); v->vel = m.velocity().data();
    v->n_eff = (uint32_t)m.effort().size(); v->eff = m.effort().data();
  }
};

struct PoseArrayType {
  using T = gm::PoseArray_;
  using Support = gm::PoseArray_PubSubType;
  void fill(const peer_opts& o, T& m, long long i) {
    int k = pa_count(i);
    m.poses().resize(k);
    for (int p = 0; p < k; p++) {
      double d[7]; pa_pose(i, p, d);
      gm::Pose_& q = m.poses()[p];
      q.position().x(d[0]); q.position().y(d[1]); q.position().z(d[2]);
      q.orientation().x(d[3]); q.orientation().y(d[4]); q.orientation().z(d[5]); q.orientation().w(d[6]);
    }
    header(m.header(), "p", i, o.stamp);
  }
  static void corrupt(const peer_opts&, T& m) { m.header().stamp().nanosec(m.header().stamp().nanosec() + 1); }
  static void view(const T& m, peer_view* v, Scratch& s) {
    view_header(m.header(), v);
    s.poses.clear();
    for (const auto& q : m.poses()) {
      double d[7] = {q.position().x(), q.position().y(), q.position().z(), q.orientation().x(),
                     q.orientation().y(), q.orientation().z(), q.orientation().w()};
      s.poses.insert(s.poses.end(), d, d + 7);
    }
    v->n_poses = (uint32_t)m.poses().size(); v->poses = s.poses.data();
  }
};

struct ImageType {
  using T = sm::Image_;
  using Support = sm::Image_PubSubType;
  void fill(const peer_opts& o, T& m, long long i) {
    uint32_t h, w; img_dims(o.size, &h, &w);
    m.height(h); m.width(w); m.step(w); m.encoding("mono8"); m.is_bigendian(0);
    const uint8_t* p = peer_pattern_for((size_t)o.size) + (i & 0xff);
    m.data().assign(p, p + o.size);
    header(m.header(), "img", i, o.stamp);  // stamped last: closest to the write
  }
  static void corrupt(const peer_opts& o, T& m) {
    if (o.size) m.data()[o.size / 2] ^= 0x10; else m.step(m.step() + 1);
  }
  static void view(const T& m, peer_view* v, Scratch&) {
    view_header(m.header(), v);
    v->height = m.height(); v->width = m.width(); v->step = m.step();
    v->encoding = m.encoding().c_str(); v->is_bigendian = m.is_bigendian();
    v->data = m.data().data(); v->data_len = m.data().size();
  }
};

// ---- QoS as rmw_fastrtps_cpp sets it: synchronous publication (the default since ROS 2 Iron;
// --async for Humble's), realloc'd history for types without a bound, no data sharing (traffic
// goes over the UDP transport of the XML profile) ----
static DataWriterQos writer_qos(Publisher* pub, const peer_opts& o) {
  DataWriterQos q = pub->get_default_datawriter_qos();
  q.reliability().kind = o.reliable ? RELIABLE_RELIABILITY_QOS : BEST_EFFORT_RELIABILITY_QOS;
  q.reliability().max_blocking_time = Duration_t(10, 0);
  q.durability().kind = o.transient_local ? TRANSIENT_LOCAL_DURABILITY_QOS : VOLATILE_DURABILITY_QOS;
  q.history().kind = KEEP_LAST_HISTORY_QOS;
  q.history().depth = o.depth;
  q.publish_mode().kind = o.async ? ASYNCHRONOUS_PUBLISH_MODE : SYNCHRONOUS_PUBLISH_MODE;
  q.endpoint().history_memory_policy = eprosima::fastrtps::rtps::PREALLOCATED_WITH_REALLOC_MEMORY_MODE;
  q.data_sharing().off();
  return q;
}
static DataReaderQos reader_qos(Subscriber* sub, const peer_opts& o) {
  DataReaderQos q = sub->get_default_datareader_qos();
  q.reliability().kind = o.reliable ? RELIABLE_RELIABILITY_QOS : BEST_EFFORT_RELIABILITY_QOS;
  q.durability().kind = o.transient_local ? TRANSIENT_LOCAL_DURABILITY_QOS : VOLATILE_DURABILITY_QOS;
  q.history().kind = KEEP_LAST_HISTORY_QOS;
  q.history().depth = o.depth;
  q.endpoint().history_memory_policy = eprosima::fastrtps::rtps::PREALLOCATED_WITH_REALLOC_MEMORY_MODE;
  q.data_sharing().off();
  return q;
}

static uint32_t matched_readers(DataWriter* w) {
  PublicationMatchedStatus st;
  return w->get_publication_matched_status(st) == ReturnCode_t::RETCODE_OK ? (uint32_t)st.current_count : 0;
}
static uint32_t matched_writers(DataReader* r) {
  SubscriptionMatchedStatus st;
  return r->get_subscription_matched_status(st) == ReturnCode_t::RETCODE_OK ? (uint32_t)st.current_count : 0;
}

template <class K>
static int run_pub(const peer_opts& o, DomainParticipant* pp, Topic* topic) {
  Publisher* pub = pp->create_publisher(PUBLISHER_QOS_DEFAULT);
  DataWriter* w = pub ? pub->create_datawriter(topic, writer_qos(pub, o)) : nullptr;
  if (!w) { std::fprintf(stderr, "ros2peer: create writer failed\n"); return EXIT_DDS; }
  if (o.wait_match > 0) {
    int64_t end = peer_now_ns() + (int64_t)(o.match_timeout_s * 1e9);
    while (matched_readers(w) < (uint64_t)o.wait_match) {
      if (peer_now_ns() > end) {
        std::fprintf(stderr, "matched %u of %lld readers after %.1f s\n", matched_readers(w), o.wait_match, o.match_timeout_s);
        return EXIT_TIMEOUT;
      }
      if (!peer_sleep_until(peer_now_ns() + 10000000)) return EXIT_OK;
    }
    std::printf("matched %lld\n", o.wait_match); std::fflush(stdout);
  }
  if (o.wait_stdin && !peer_wait_stdin_line()) return EXIT_OK;
  K kind;
  typename K::T m;
  int64_t period = o.hz > 0 ? (int64_t)(1e9 / o.hz) : 0, start = peer_now_ns();
  long long i;
  int rc = EXIT_OK;
  for (i = 0; o.n == 0 || i < o.n; i++) {
    if (period && !peer_sleep_until(start + i * period)) break;
    if (peer_stopped()) break;
    kind.fill(o, m, i);
    if (i == o.corrupt) K::corrupt(o, m);
    if (!w->write(&m)) { std::fprintf(stderr, "ros2peer: write failed\n"); rc = EXIT_DDS; break; }
  }
  // best effort too: an asynchronous writer may still hold the last samples
  if (rc == EXIT_OK && !peer_stopped()) w->wait_for_acknowledgments(Duration_t(10, 0));
  std::printf("sent %lld\n", i); std::fflush(stdout);
  if (rc == EXIT_OK && o.linger_s > 0) peer_sleep_until(peer_now_ns() + (int64_t)(o.linger_s * 1e9));
  return rc;
}

static void key_of(const SampleInfo& info, uint64_t key[2]) {
  std::memcpy(key, info.publication_handle.value, 16);
}

template <class K>
static int run_sub(const peer_opts& o, DomainParticipant* pp, Topic* topic) {
  Subscriber* sub = pp->create_subscriber(SUBSCRIBER_QOS_DEFAULT);
  DataReader* r = sub ? sub->create_datareader(topic, reader_qos(sub, o)) : nullptr;
  if (!r) { std::fprintf(stderr, "ros2peer: create reader failed\n"); return EXIT_DDS; }
  peer_stats* s = (peer_stats*)std::calloc(1, sizeof *s);
  Scratch scratch;
  typename K::T m;
  int64_t end = peer_now_ns() + (int64_t)(o.timeout_s * 1e9);
  bool announced = false;
  while ((o.n == 0 || s->count < o.n) && !peer_stopped()) {
    int64_t now = peer_now_ns();
    if (now >= end) break;
    if (o.wait_match > 0 && !announced && matched_writers(r) >= (uint64_t)o.wait_match) {
      std::printf("matched %lld\n", o.wait_match); std::fflush(stdout); announced = true;
    }
    int64_t left = end - now;
    if (left > 50000000) left = 50000000;
    r->wait_for_unread_message(Duration_t(0, (uint32_t)left));
    SampleInfo info;
    while ((o.n == 0 || s->count < o.n) && r->take_next_sample(&m, &info) == ReturnCode_t::RETCODE_OK) {
      int64_t got_at = peer_now_ns();
      if (!info.valid_data) continue;
      peer_view v; std::memset(&v, 0, sizeof v);
      K::view(m, &v, scratch);
      uint64_t key[2]; key_of(info, key);
      peer_on_sample(&o, s, &v, key, got_at);
    }
  }
  int rc = peer_sub_finish(&o, s);
  std::free(s->lat); std::free(s);
  return rc;
}

template <class K>
static int run_echo(const peer_opts& o, DomainParticipant* pp, Topic* topic_in, const TypeSupport& type) {
  Topic* topic_out = pp->create_topic(o.topic_out, type.get_type_name(), TOPIC_QOS_DEFAULT);
  Subscriber* sub = pp->create_subscriber(SUBSCRIBER_QOS_DEFAULT);
  Publisher* pub = pp->create_publisher(PUBLISHER_QOS_DEFAULT);
  DataReader* r = topic_out && sub ? sub->create_datareader(topic_in, reader_qos(sub, o)) : nullptr;
  DataWriter* w = r && pub ? pub->create_datawriter(topic_out, writer_qos(pub, o)) : nullptr;
  if (!w) { std::fprintf(stderr, "ros2peer: create reader/writer failed\n"); return EXIT_DDS; }
  typename K::T m;
  long long echoed = 0;
  int rc = EXIT_OK;
  bool announced = false;
  while (!peer_stopped() && rc == EXIT_OK) {
    if (o.wait_match > 0 && !announced && matched_writers(r) >= (uint64_t)o.wait_match && matched_readers(w) >= (uint64_t)o.wait_match) {
      std::printf("matched %lld\n", o.wait_match); std::fflush(stdout); announced = true;
    }
    r->wait_for_unread_message(Duration_t(0, 50000000));
    SampleInfo info;
    while (r->take_next_sample(&m, &info) == ReturnCode_t::RETCODE_OK) {
      if (!info.valid_data) continue;
      if (!w->write(&m)) { std::fprintf(stderr, "ros2peer: write failed\n"); rc = EXIT_DDS; break; }
      echoed++;
    }
  }
  std::fprintf(stderr, "echoed %lld\n", echoed);
  return rc;
}

template <class K>
static int run(const peer_opts& o, DomainParticipant* pp) {
  TypeSupport type(new typename K::Support());
  if (type.register_type(pp) != ReturnCode_t::RETCODE_OK) { std::fprintf(stderr, "ros2peer: register type failed\n"); return EXIT_DDS; }
  Topic* topic = pp->create_topic(o.topic, type.get_type_name(), TOPIC_QOS_DEFAULT);
  if (!topic) { std::fprintf(stderr, "ros2peer: create topic failed\n"); return EXIT_DDS; }
  if (o.mode == MODE_PUB) return run_pub<K>(o, pp, topic);
  if (o.mode == MODE_SUB) return run_sub<K>(o, pp, topic);
  return run_echo<K>(o, pp, topic, type);
}


// ---- services, as rmw_fastrtps_cpp: a request goes out with the client's reply reader GUID as
// the writer of its related sample identity; the server answers with the request's sample
// identity (its writer replaced by that reader GUID when one came) as the reply's related
// sample identity; a client keeps the replies whose related identity names its reader or its
// writer and the sequence number of its request ----
using eprosima::fastrtps::rtps::GUID_t;
using eprosima::fastrtps::rtps::SampleIdentity;
using eprosima::fastrtps::rtps::WriteParams;

struct ServiceEndpoints {
  DataReader* r = nullptr;
  DataWriter* w = nullptr;
};

static bool svc_endpoints(const peer_opts& o, DomainParticipant* pp, bool server, ServiceEndpoints& e) {
  TypeSupport rq(new ei::AddTwoInts_Request_PubSubType());
  TypeSupport rr(new ei::AddTwoInts_Response_PubSubType());
  if (rq.register_type(pp) != ReturnCode_t::RETCODE_OK || rr.register_type(pp) != ReturnCode_t::RETCODE_OK) return false;
  Topic* trq = pp->create_topic(o.topic, rq.get_type_name(), TOPIC_QOS_DEFAULT);
  Topic* trr = pp->create_topic(o.topic_out, rr.get_type_name(), TOPIC_QOS_DEFAULT);
  Subscriber* sub = pp->create_subscriber(SUBSCRIBER_QOS_DEFAULT);
  Publisher* pub = pp->create_publisher(PUBLISHER_QOS_DEFAULT);
  if (!trq || !trr || !sub || !pub) return false;
  // ROS 2's services profile: reliable, volatile, keep last 10 (the option defaults)
  e.r = sub->create_datareader(server ? trq : trr, reader_qos(sub, o));
  e.w = pub->create_datawriter(server ? trr : trq, writer_qos(pub, o));
  return e.r && e.w;
}

static std::string guid_text(const GUID_t& g) {
  char b[40];
  const auto& p = g.guidPrefix.value;
  const auto& k = g.entityId.value;
  std::snprintf(b, sizeof b, "%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x.%02x%02x%02x%02x", p[0], p[1], p[2], p[3],
                p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], k[0], k[1], k[2], k[3]);
  return b;
}

static int run_serve(const peer_opts& o, DomainParticipant* pp) {
  ServiceEndpoints e;
  if (!svc_endpoints(o, pp, true, e)) { std::fprintf(stderr, "ros2peer: create service endpoints failed\n"); return EXIT_DDS; }
  int64_t end = peer_now_ns() + (int64_t)(o.timeout_s * 1e9);
  long long served = 0;
  bool announced = false;
  int rc = EXIT_OK;
  ei::AddTwoInts_Request_ rq;
  while ((o.n == 0 || served < o.n) && !peer_stopped() && rc == EXIT_OK) {
    int64_t now = peer_now_ns();
    if (now >= end) break;
    if (o.wait_match > 0 && !announced && matched_writers(e.r) >= (uint64_t)o.wait_match && matched_readers(e.w) >= (uint64_t)o.wait_match) {
      std::printf("matched %lld\n", o.wait_match); std::fflush(stdout); announced = true;
    }
    int64_t left = end - now;
    if (left > 50000000) left = 50000000;
    e.r->wait_for_unread_message(Duration_t(0, (uint32_t)left));
    SampleInfo info;
    while (rc == EXIT_OK && e.r->take_next_sample(&rq, &info) == ReturnCode_t::RETCODE_OK) {
      if (!info.valid_data) continue;
      SampleIdentity answered = info.sample_identity;
      if (info.related_sample_identity.writer_guid() != GUID_t::unknown()) {
        answered.writer_guid() = info.related_sample_identity.writer_guid();
      }
      std::printf("request a=%lld b=%lld writer=%s reader=%s seq=%lld\n", (long long)rq.a(), (long long)rq.b(),
                  guid_text(info.sample_identity.writer_guid()).c_str(), guid_text(info.related_sample_identity.writer_guid()).c_str(),
                  (long long)info.sample_identity.sequence_number().to64long());
      std::fflush(stdout);
      if (o.delay_ms > 0 && !peer_sleep_until(peer_now_ns() + o.delay_ms * 1000000LL)) break;
      ei::AddTwoInts_Response_ reply;
      reply.sum(rq.a() + rq.b());
      WriteParams wp;
      wp.related_sample_identity(answered);
      if (!e.w->write(&reply, wp)) { std::fprintf(stderr, "ros2peer: write failed\n"); rc = EXIT_DDS; }
      served++;
    }
  }
  if (rc == EXIT_OK && !peer_stopped()) e.w->wait_for_acknowledgments(Duration_t(10, 0));
  std::fprintf(stderr, "served %lld\n", served);
  if (rc == EXIT_OK && o.n > 0 && served < o.n) rc = EXIT_TIMEOUT;
  return rc;
}

static int run_call(const peer_opts& o, DomainParticipant* pp) {
  ServiceEndpoints e;
  if (!svc_endpoints(o, pp, false, e)) { std::fprintf(stderr, "ros2peer: create service endpoints failed\n"); return EXIT_DDS; }
  int64_t match_end = peer_now_ns() + (int64_t)(o.match_timeout_s * 1e9);
  while (matched_readers(e.w) < 1 || matched_writers(e.r) < 1) {
    if (peer_now_ns() > match_end) {
      std::fprintf(stderr, "no server matched after %.1f s\n", o.match_timeout_s);
      return EXIT_TIMEOUT;
    }
    if (!peer_sleep_until(peer_now_ns() + 10000000)) return EXIT_OK;
  }
  std::printf("matched 1\n"); std::fflush(stdout);
  if (o.wait_stdin && !peer_wait_stdin_line()) return EXIT_OK;
  const GUID_t reader = e.r->guid(), writer = e.w->guid();
  peer_stats* s = (peer_stats*)std::calloc(1, sizeof *s);
  long long others = 0;
  int rc = EXIT_OK;
  ei::AddTwoInts_Response_ re;
  for (long long i = 0; (o.n == 0 || i < o.n) && !peer_stopped() && rc == EXIT_OK; i++) {
    ei::AddTwoInts_Request_ rq;
    rq.a(svc_a(i)); rq.b(svc_b(i));
    WriteParams wp;
    wp.related_sample_identity().writer_guid() = reader;
    int64_t sent = peer_now_ns(), end = sent + (int64_t)(o.timeout_s * 1e9);
    if (!e.w->write(&rq, wp)) { std::fprintf(stderr, "ros2peer: write failed\n"); rc = EXIT_DDS; break; }
    const auto seq = wp.sample_identity().sequence_number();
    bool answered = false;
    while (!answered && !peer_stopped()) {
      int64_t now = peer_now_ns();
      if (now >= end) { std::fprintf(stderr, "no reply to request %lld after %.1f s\n", i, o.timeout_s); rc = EXIT_TIMEOUT; break; }
      int64_t left = end - now;
      if (left > 50000000) left = 50000000;
      e.r->wait_for_unread_message(Duration_t(0, (uint32_t)left));
      SampleInfo info;
      while (e.r->take_next_sample(&re, &info) == ReturnCode_t::RETCODE_OK) {
        if (!info.valid_data) continue;
        const SampleIdentity& to = info.related_sample_identity;
        if ((to.writer_guid() != reader && to.writer_guid() != writer) || to.sequence_number() != seq) { others++; continue; }
        int64_t got = peer_now_ns();
        peer_on_reply(&o, s, i, re.sum(), got - sent, got);
        answered = true;
      }
    }
  }
  if (o.report) peer_print_report(s);
  std::fprintf(stderr, "replies for others %lld\n", others);
  if (rc == EXIT_OK && s->bad) rc = EXIT_CONTENT;
  std::free(s->lat); std::free(s);
  return rc;
}

int main(int argc, char** argv) {
  peer_block_signals();
  peer_opts o;
  peer_parse(argc, argv, &o);
  if (o.type == T_SETBOOL) peer_usage_exit("setbool is served and called by the Cyclone peer only");
  int domain = peer_domain_id();
  DomainParticipantFactory* factory = DomainParticipantFactory::get_instance();
  factory->load_profiles();  // FASTRTPS_DEFAULT_PROFILES_FILE: the loopback profile of env.sh
  DomainParticipantQos pq = factory->get_default_participant_qos();
  const char* enclave = "enclave=/;";  // as a ROS 2 node's participant
  pq.user_data().setValue(std::vector<eprosima::fastrtps::rtps::octet>(enclave, enclave + std::strlen(enclave)));
  DomainParticipant* pp = factory->create_participant(domain, pq);
  if (!pp) { std::fprintf(stderr, "ros2peer: create participant failed\n"); return EXIT_DDS; }
  int rc;
  switch (o.mode == MODE_SERVE ? -1 : o.mode == MODE_CALL ? -2 : o.type) {
    case -1: rc = run_serve(o, pp); break;
    case -2: rc = run_call(o, pp); break;
    case T_STRING: rc = run<StringType>(o, pp); break;
    case T_JOINTSTATE: rc = run<JointStateType>(o, pp); break;
    case T_POSEARRAY: rc = run<PoseArrayType>(o, pp); break;
    default: rc = run<ImageType>(o, pp); break;
  }
  pp->delete_contained_entities();
  factory->delete_participant(pp);
  return rc;
}

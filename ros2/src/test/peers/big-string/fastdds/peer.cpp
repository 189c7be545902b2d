// The shared Fast DDS peer (../shared/dds-peer/fastdds/peer.cpp) with large strings, for fragmentation tests.
// usage and output as big-string/cyclone/peer.c.
#include <fastdds/dds/domain/DomainParticipantFactory.hpp>
#include <fastdds/dds/domain/DomainParticipant.hpp>
#include <fastdds/dds/topic/Topic.hpp>
#include <fastdds/dds/publisher/Publisher.hpp>
#include <fastdds/dds/publisher/DataWriter.hpp>
#include <fastdds/dds/subscriber/Subscriber.hpp>
#include <fastdds/dds/subscriber/DataReader.hpp>
#include <fastdds/dds/subscriber/SampleInfo.hpp>
#include <fastdds/dds/topic/TypeSupport.hpp>
#include "StringPubSubTypes.h"
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
using namespace eprosima::fastdds::dds;

int main(int argc, char** argv) {
  if (argc < 5) { std::fprintf(stderr, "usage: %s pub|sub TOPIC N HZ|TIMEOUT\n", argv[0]); return 2; }
  std::string topic_name = std::string("rt") + argv[2];
  int n = std::atoi(argv[3]);
  auto* factory = DomainParticipantFactory::get_instance();
  factory->load_profiles();  // FASTRTPS_DEFAULT_PROFILES_FILE
  DomainParticipant* pp = factory->create_participant(0, PARTICIPANT_QOS_DEFAULT);
  if (!pp) { std::fprintf(stderr, "no participant\n"); return 1; }
  TypeSupport type(new std_msgs::msg::dds_::String_PubSubType());
  type.register_type(pp);
  Topic* topic = pp->create_topic(topic_name, type.get_type_name(), TOPIC_QOS_DEFAULT);
  if (std::strcmp(argv[1], "pub") == 0) {
    Publisher* pub = pp->create_publisher(PUBLISHER_QOS_DEFAULT);
    DataWriterQos wq = DATAWRITER_QOS_DEFAULT;
    wq.reliability().kind = RELIABLE_RELIABILITY_QOS;
    wq.history().kind = KEEP_LAST_HISTORY_QOS; wq.history().depth = 10;
    DataWriter* w = pub->create_datawriter(topic, wq);
    double hz = std::atof(argv[4]);
    for (int i = 0; i < n; i++) {
      int size = argc > 5 ? std::atoi(argv[5]) : 64;
      std::string s(size, (char)('a' + i % 26)); std::string h = "hello " + std::to_string(i) + " "; s.replace(0, h.size(), h); s[h.size()] = 'x';
      std_msgs::msg::dds_::String_ m; m.data(s);
      w->write(&m);
      std::this_thread::sleep_for(std::chrono::microseconds((long)(1e6 / hz)));
    }
  } else {
    Subscriber* sub = pp->create_subscriber(SUBSCRIBER_QOS_DEFAULT);
    DataReaderQos rq = DATAREADER_QOS_DEFAULT;
    rq.reliability().kind = RELIABLE_RELIABILITY_QOS;
    rq.history().kind = KEEP_LAST_HISTORY_QOS; rq.history().depth = 10;
    if (argc > 5 && std::strcmp(argv[5], "tl") == 0) rq.durability().kind = TRANSIENT_LOCAL_DURABILITY_QOS;
    DataReader* r = sub->create_datareader(topic, rq);
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(std::atoi(argv[4]));
    int got = 0;
    while (got < n && std::chrono::steady_clock::now() < end) {
      std_msgs::msg::dds_::String_ m; SampleInfo info;
      if (r->take_next_sample(&m, &info) == ReturnCode_t::RETCODE_OK && info.valid_data) {
        { const std::string& d = m.data(); bool ok = true; for (size_t j = 12; j < d.size(); j++) if (d[j] != d.back()) { ok = false; break; } std::printf("%.10s len=%zu uniform=%d\n", d.c_str(), d.size(), ok ? 1 : 0); } std::fflush(stdout); got++;
      } else std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (got < n) { std::fprintf(stderr, "got %d of %d\n", got, n); return 1; }
  }
  DomainParticipantFactory::get_instance()->delete_participant(pp);  // entities leak at exit; fine for a test peer
  return 0;
}

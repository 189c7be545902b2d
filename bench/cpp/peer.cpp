// roscpp benchmark peer: the same commands and result lines as org.pyros.bench.JavaPeer.
//   peer pub   TOPIC KIND MAX_SECONDS RATE_HZ(0 = flat out)
//   peer sub   TOPIC KIND WARMUP_S MEASURE_S
//   peer first TOPIC KIND
//   peer srv   SERVICE
//   peer call  SERVICE WARMUP COUNT [persistent]
//   peer pubmany PREFIX TOPICS KIND RATE_HZ RATE0_HZ   (PREFIX/t0 at RATE0, the others at RATE)
// KIND: str16 | str1k | img1m | stamp (std_msgs/Header stamped with the wall clock).
#include <ros/ros.h>
#include <ros/callback_queue.h>
#include <std_msgs/String.h>
#include <std_msgs/Header.h>
#include <sensor_msgs/Image.h>
#include <std_srvs/SetBool.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

static std::atomic<long> g_count{0};
static std::atomic<bool> g_measuring{false};
static std::vector<long> g_lat;

static double mono() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static long pct(std::vector<long> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  long rank = (long)std::ceil(p / 100.0 * v.size());
  rank = std::max(1L, std::min((long)v.size(), rank));
  return v[rank - 1];
}

static void say(const char* s) { std::printf("%s\n", s); std::fflush(stdout); }

template <class M>
static void onMsg(const typename M::ConstPtr&) { g_count++; }

static void onStamp(const std_msgs::Header::ConstPtr& h) {
  g_count++;
  if (g_measuring) g_lat.push_back((long)((ros::Time::now() - h->stamp).toNSec() / 1000));
}

static ros::Subscriber subscribe(ros::NodeHandle& n, const std::string& topic, const std::string& kind) {
  // TCP_NODELAY for the latency kind (as Pyros always asks); roscpp defaults otherwise.
  if (kind == "stamp") return n.subscribe(topic, 100, onStamp, ros::TransportHints().tcpNoDelay());
  if (kind == "img1m") return n.subscribe<sensor_msgs::Image>(topic, 100, onMsg<sensor_msgs::Image>);
  return n.subscribe<std_msgs::String>(topic, 100, onMsg<std_msgs::String>);
}

static void spinFor(double seconds) {
  double end = mono() + seconds;
  while (ros::ok() && mono() < end) ros::getGlobalCallbackQueue()->callAvailable(ros::WallDuration(0.01));
}

static int sub(const std::string& topic, const std::string& kind, double warm, double measure) {
  ros::NodeHandle n;
  ros::Subscriber s = subscribe(n, topic, kind);
  g_lat.reserve(2000000);
  say("READY");
  double giveUp = mono() + 60;
  while (ros::ok() && g_count == 0 && mono() < giveUp) ros::getGlobalCallbackQueue()->callAvailable(ros::WallDuration(0.01));
  if (g_count == 0) { say("ERROR no message within 60 s"); return 1; }
  spinFor(warm);
  long c0 = g_count; double t0 = mono();
  g_measuring = true;
  spinFor(measure);
  g_measuring = false;
  long c1 = g_count; double secs = mono() - t0;
  char line[256];
  std::snprintf(line, sizeof line, "RESULT msgs=%ld secs=%.3f rate=%.1f p50=%ld p99=%ld samples=%zu",
                c1 - c0, secs, (c1 - c0) / secs, pct(g_lat, 50), pct(g_lat, 99), g_lat.size());
  say(line);
  return 0;
}

static int first(const std::string& topic, const std::string& kind) {
  ros::NodeHandle n;
  ros::Subscriber s = subscribe(n, topic, kind);
  double giveUp = mono() + 60;
  while (ros::ok() && g_count == 0 && mono() < giveUp) ros::getGlobalCallbackQueue()->callAvailable(ros::WallDuration(0.001));
  if (g_count == 0) { say("ERROR no message within 60 s"); return 1; }
  say("FIRST");
  return 0;
}

static void stampIt(std_msgs::Header& h, unsigned seq) { h.seq = seq; h.stamp = ros::Time::now(); }
static void stampIt(std_msgs::String&, unsigned) {}
static void stampIt(sensor_msgs::Image&, unsigned) {}

template <class M>
static void publishLoop(ros::Publisher& p, M& m, double maxSeconds, double rate) {
  double end = mono() + maxSeconds;
  double period = rate > 0 ? 1.0 / rate : 0, next = mono();
  say("READY");
  for (unsigned seq = 0; ros::ok() && mono() < end; seq++) {
    stampIt(m, seq);
    p.publish(m);
    if (period > 0) {
      next += period;
      double wait = next - mono();
      if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
  }
}

static std_msgs::String str(size_t n) { std_msgs::String m; m.data = std::string(n, 'x'); return m; }

static sensor_msgs::Image image() {
  sensor_msgs::Image m;
  m.height = 1024; m.width = 1024; m.encoding = "mono8"; m.step = 1024;
  m.data.assign(1024 * 1024, 0);
  return m;
}

static int pub(const std::string& topic, const std::string& kind, double maxSeconds, double rate) {
  ros::NodeHandle n;
  if (kind == "img1m") {
    ros::Publisher p = n.advertise<sensor_msgs::Image>(topic, 100);
    sensor_msgs::Image m = image();
    publishLoop(p, m, maxSeconds, rate);
  } else if (kind == "stamp") {
    ros::Publisher p = n.advertise<std_msgs::Header>(topic, 100);
    std_msgs::Header m; m.frame_id = "bench";
    publishLoop(p, m, maxSeconds, rate);
  } else {
    ros::Publisher p = n.advertise<std_msgs::String>(topic, 100);
    std_msgs::String m = str(kind == "str1k" ? 1024 : 16);
    publishLoop(p, m, maxSeconds, rate);
  }
  return 0;
}

static int pubmany(const std::string& prefix, int topics, const std::string& kind, double rate, double rate0) {
  ros::NodeHandle n;
  std::vector<ros::Publisher> pubs;
  for (int i = 0; i < topics; i++) pubs.push_back(n.advertise<std_msgs::String>(prefix + "/t" + std::to_string(i), 100));
  std_msgs::String m = str(kind == "str1k" ? 1024 : 16);
  say("READY");
  // t0 every 1/rate0; the others once per 1/rate, spread over the tick.
  double tick = 1.0 / rate0, next = mono(), nextAll = mono();
  while (ros::ok()) {
    pubs[0].publish(m);
    if (mono() >= nextAll) {
      for (int i = 1; i < topics; i++) pubs[i].publish(m);
      nextAll += 1.0 / rate;
    }
    next += tick;
    double wait = next - mono();
    if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
  return 0;
}

static bool handle(std_srvs::SetBool::Request&, std_srvs::SetBool::Response& res) {
  res.success = true; res.message = "ok"; return true;
}

static int srv(const std::string& name) {
  ros::NodeHandle n;
  ros::ServiceServer s = n.advertiseService(name, handle);
  say("READY");
  ros::spin();
  return 0;
}

static int call(const std::string& name, int warmup, int count, bool persistent) {
  ros::NodeHandle n;
  ros::ServiceClient c = n.serviceClient<std_srvs::SetBool>(name, persistent);
  if (!c.waitForExistence(ros::Duration(60))) { say("ERROR service did not appear"); return 1; }
  std_srvs::SetBool s; s.request.data = true;
  for (int i = 0; i < warmup; i++) {
    if (!c.call(s)) { say("ERROR call failed"); return 1; }
  }
  std::vector<long> rtt; rtt.reserve(count);
  double t0 = mono();
  for (int i = 0; i < count; i++) {
    double a = mono();
    if (!c.call(s) || !s.response.success) { say("ERROR call failed"); return 1; }
    rtt.push_back((long)((mono() - a) * 1e6));
  }
  double secs = mono() - t0;
  char line[256];
  std::snprintf(line, sizeof line, "RESULT calls=%d secs=%.3f rate=%.1f p50=%ld p99=%ld", count, secs, count / secs,
                pct(rtt, 50), pct(rtt, 99));
  say(line);
  return 0;
}

int main(int argc, char** argv) {
  ros::init(argc, argv, "bench_cpp", ros::init_options::AnonymousName);
  if (argc < 3) { std::fprintf(stderr, "usage: peer COMMAND ARGS...\n"); return 2; }
  std::string cmd = argv[1];
  if (cmd == "pub" && argc >= 6) return pub(argv[2], argv[3], std::atof(argv[4]), std::atof(argv[5]));
  if (cmd == "sub" && argc >= 6) return sub(argv[2], argv[3], std::atof(argv[4]), std::atof(argv[5]));
  if (cmd == "first" && argc >= 4) return first(argv[2], argv[3]);
  if (cmd == "srv") return srv(argv[2]);
  if (cmd == "call" && argc >= 5) return call(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), argc > 5 && std::string(argv[5]) == "persistent");
  if (cmd == "pubmany" && argc >= 7) return pubmany(argv[2], std::atoi(argv[3]), argv[4], std::atof(argv[5]), std::atof(argv[6]));
  std::fprintf(stderr, "bad arguments for %s\n", cmd.c_str());
  return 2;
}

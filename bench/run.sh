#!/usr/bin/env bash
# Benchmarks Pyros against roscpp and rospy on loopback, in one run with its own rosmaster:
# topic throughput, what the node's metrics cost (section metrics), one-way latency, service round trip, start-up to first message, heap with
# 100 exposed topics, the cluster hop (a client on another cluster member against in-process);
# ROS 2 topics against Cyclone DDS and Fast DDS in a DDS domain of its own (section ros2); the
# ROS 1 <-> ROS 2 bridge's latency between rospy and Cyclone (section bridge); the pyros command
# line against the rospy tools (section cli); and what rosbridge and Foxglove WebSocket clients
# (roslibjs, @foxglove/ws-protocol in Node.js) receive from pyros gateway (section gateway).
# Prints the tables and writes bench/RESULTS.md (--quick: a shorter run
# written to bench/target/RESULTS-quick.md). Every process it starts is stopped at the end.
#
#   bash bench/run.sh [--quick] [--out FILE]
#
#   --only throughput,metrics,latency,services,startup,heap,cluster,cli,ros2,bridge,gateway   (a partial run, written to bench/target)
# Env: BENCH_JVM_OPTS (options for the Pyros JVMs), BENCH_JFR=1 (a JFR recording per Pyros JVM in
# bench/target/logs). Needs root or sudo once, to install roscpp/rospy, Cyclone DDS and Fast DDS from Debian;
# Node.js and npm for the gateway section.
set -euo pipefail
cd "$(dirname "$0")/.."

# Which peers this run needs: ROS 1 unless only the ros2 section runs; DDS unless it is left out.
only=""
prev=""
for a in "$@"; do
  [ "$prev" = "--only" ] && only="$a"
  prev="$a"
done
need_ros1=1; need_dds=1; need_js=1
if [ -n "$only" ]; then
  case ",$only," in *,ros2,*|*,bridge,*) ;; *) need_dds=0 ;; esac
  case ",$only," in *,gateway,*) ;; *) need_js=0 ;; esac
  [ "$only" = "ros2" ] && need_ros1=0
fi

if [ "$need_ros1" = 1 ]; then
  echo "== ROS1 peers: rospy, roscpp (Debian packages)"
  ROS_PEER_EXTRA="libsensor-msgs-dev" bash scripts/install-ros-peer.sh --cpp
  if ! pkg-config --exists sensor_msgs; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libsensor-msgs-dev
  fi
fi
if [ "$need_dds" = 1 ]; then
  echo "== DDS peers: Cyclone DDS and Fast DDS (Debian packages), the ROS 2-shaped peer programs"
  bash scripts/install-dds-peer.sh
  sh ros2/src/test/peers/build.sh bench/target/ros2peers
fi

if [ "$need_js" = 1 ]; then
  echo "== gateway clients: roslib, @foxglove/ws-protocol (npm ci in bench/js)"
  (cd bench/js && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== building the Pyros peers (mvn -Pbench) and, for ROS 1, the roscpp peer (g++)"
mvn -q -B -ntp -Pbench -pl bench -am -Dmaven.test.skip=true package
if [ "$need_ros1" = 1 ]; then
  mkdir -p bench/target/cpp
  # shellcheck disable=SC2046
  g++ -O2 -std=c++14 -o bench/target/cpp/peer bench/cpp/peer.cpp \
    $(pkg-config --cflags --libs roscpp std_msgs std_srvs sensor_msgs) -lpthread
fi

echo "== running"
BENCH_ROS_VERSION="roscpp $(pkg-config --modversion roscpp 2>/dev/null || echo '?'), rospy $(dpkg-query -W -f='${Version}' python3-rospy 2>/dev/null || echo '?')"
BENCH_DDS_VERSION="Cyclone DDS $(dpkg-query -W -f='${Version}' cyclonedds-dev 2>/dev/null || echo '?'), Fast DDS $(dpkg-query -W -f='${Version}' libfastrtps-dev 2>/dev/null || echo '?')"
export BENCH_ROS_VERSION BENCH_DDS_VERSION
# The runner stops its processes on exit, on Ctrl-C and on this time limit.
exec timeout --kill-after=15 1800 java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.pyros.bench.BenchRunner --root bench "$@"

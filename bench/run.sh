#!/usr/bin/env bash
# Benchmarks Pyros against roscpp and rospy on loopback, in one run with its own rosmaster:
# topic throughput, one-way latency, service round trip, start-up to first message, heap with
# 100 exposed topics, the cluster hop (a client on another cluster member against in-process).
# Prints the tables and writes bench/RESULTS.md (--quick: a shorter run
# written to bench/target/RESULTS-quick.md). Every process it starts is stopped at the end.
#
#   bash bench/run.sh [--quick] [--out FILE]
#
#   --only throughput,latency,services,startup,heap,cluster   (a partial run, written to bench/target)
# Env: BENCH_JVM_OPTS (options for the Pyros JVMs), BENCH_JFR=1 (a JFR recording per Pyros JVM in
# bench/target/logs). Needs root or sudo once, to install roscpp/rospy from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== ROS1 peers: rospy, roscpp (Debian packages)"
ROS_PEER_EXTRA="libsensor-msgs-dev" bash scripts/install-ros-peer.sh --cpp
if ! pkg-config --exists sensor_msgs; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libsensor-msgs-dev
fi

echo "== building the Pyros peer (mvn -Pbench) and the roscpp peer (g++)"
mvn -q -B -ntp -Pbench -pl bench -am -Dmaven.test.skip=true package
mkdir -p bench/target/cpp
# shellcheck disable=SC2046
g++ -O2 -std=c++14 -o bench/target/cpp/peer bench/cpp/peer.cpp \
  $(pkg-config --cflags --libs roscpp std_msgs std_srvs sensor_msgs) -lpthread

echo "== running"
BENCH_ROS_VERSION="roscpp $(pkg-config --modversion roscpp), rospy $(dpkg-query -W -f='${Version}' python3-rospy 2>/dev/null || echo '?')"
export BENCH_ROS_VERSION
# The runner stops its processes on exit, on Ctrl-C and on this time limit.
exec timeout --kill-after=15 1800 java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.pyros.bench.BenchRunner --root bench "$@"

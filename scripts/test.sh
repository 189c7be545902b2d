#!/usr/bin/env bash
# Runs every test: installs the real ROS 1 and DDS peers the interop tests talk to, then builds and tests
# all modules with Maven. This is the command CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== installing the ROS1 test peers (Debian packages)"
bash scripts/install-ros-peer.sh
echo "== installing the ROS 2 test peers: Cyclone DDS and Fast DDS (Debian packages)"
bash scripts/install-dds-peer.sh
echo "== installing Chromium for the gateway's graph-page test (Debian package)"
bash scripts/install-chromium.sh
echo "== building and testing"
mvn -B -ntp -Dstyle.color=never verify "$@"
echo "== checking the packaged jars (module names, sources, Javadoc)"
bash scripts/check-jars.sh
echo "== bin/pyros: the first run trains the class-data sharing archive, the next one maps it, same output"
rm -f cli/target/pyros-cli.jsa
first="$(bin/pyros --help)"
[ -s cli/target/pyros-cli.jsa ] || { echo "bin/pyros wrote no cli/target/pyros-cli.jsa" >&2; exit 1; }
second="$(bin/pyros --help)"
[ "$first" = "$second" ] || { echo "bin/pyros --help printed something else with the archive" >&2; exit 1; }
echo "== bin/pyros against its own embedded master: data on stdout, logs on stderr only when asked"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
bin/pyros master -p "$port" >/dev/null 2>&1 &
master=$!
trap 'kill "$master" 2>/dev/null || true' EXIT
for _ in $(seq 100); do bin/pyros param list --master "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done
bin/pyros param set /pyros_test/gain 2.5 --master "http://127.0.0.1:$port/"
got="$(bin/pyros param get /pyros_test/gain --master "http://127.0.0.1:$port/" 2>/tmp/pyros-test-err.$$)"
[ "$got" = "2.5" ] && [ ! -s /tmp/pyros-test-err.$$ ] || { echo "bin/pyros param get printed '$got', stderr: $(cat /tmp/pyros-test-err.$$)" >&2; exit 1; }
got="$(PYROS_LOG_LEVEL=DEBUG bin/pyros pub /pyros_test/chatter std_msgs/String '{"data": "x"}' -n 1 --linger 0 \
  --master "http://127.0.0.1:$port/" 2>/tmp/pyros-test-err.$$)"
[ -z "$got" ] && grep -q " DEBUG " /tmp/pyros-test-err.$$ || { echo "with PYROS_LOG_LEVEL=DEBUG: stdout '$got', no DEBUG line on stderr" >&2; exit 1; }
rm -f /tmp/pyros-test-err.$$
kill "$master"

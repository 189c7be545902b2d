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

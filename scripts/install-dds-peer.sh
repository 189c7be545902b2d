#!/usr/bin/env bash
# Installs Debian's Cyclone DDS and Fast DDS (the DDS implementations under ROS 2's RMWs) and the
# tools the ROS 2 interop tests build their peers with (idlc, fastddsgen, g++), plus nftables and
# iproute2 for the loss test's network namespace. Pyros itself never needs them.
# Uses the team's shared installer when it lies beside the repository, else installs the same
# Debian packages itself. Needs root (or sudo) and Debian's package repositories.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="$here/../../shared/dds-peer/install.sh"
if [ -f "$shared" ]; then
  exec sh "$shared" "$@"
fi
packages="cyclonedds-dev cyclonedds-tools libfastrtps-dev fastddsgen fastdds-tools g++ tcpdump nftables iproute2"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# shellcheck disable=SC2086
if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages; then
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages
fi

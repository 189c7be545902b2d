#!/usr/bin/env bash
# Installs Debian's ROS1 (rosmaster, rospy, the CLI tools, common message packages): the real
# peers the interop tests run against. Pyros itself never needs it.
# Uses the team's shared installer when it lies beside the repository, else installs the same
# Debian packages itself. Needs root (or sudo) and Debian's package repositories.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="$here/../../shared/ros-peer/install.sh"
if [ -f "$shared" ]; then
  exec sh "$shared" "$@"
fi

packages="python3-rosmaster python3-roslaunch python3-rospy python3-rostopic python3-rosservice
python3-rosparam python3-rosnode python3-rosmsg python3-std-msgs python3-std-srvs ros-std-msgs
ros-std-srvs python3-geometry-msgs ros-geometry-msgs python3-sensor-msgs ros-sensor-msgs
python3-nav-msgs ros-nav-msgs ros-rosgraph-msgs"
if [ "${1:-}" = "--cpp" ]; then
  packages="$packages libroscpp-dev libstd-msgs-dev libstd-srvs-dev g++ pkg-config"
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# shellcheck disable=SC2086
if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages; then
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages
fi
/usr/bin/python3 -c 'import rospy, std_msgs.msg, std_srvs.srv' >/dev/null

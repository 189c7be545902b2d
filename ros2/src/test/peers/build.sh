#!/bin/sh
# build.sh OUT_DIR - build the ROS 2 test peers into OUT_DIR/cyclone-ros2peer and
# OUT_DIR/fastdds-ros2peer (README.md here describes them).
#
# Generates the type code from idl/*.idl (idlc -l c for Cyclone DDS, fastddsgen for Fast DDS) and
# compiles. A binary newer than all its sources is kept as is, so a second run takes milliseconds.
# Concurrent runs on the same OUT_DIR wait for each other; binaries appear atomically.
# Exit: 0 built (or up to date), 1 a build failed (its log on stderr), 2 usage or a tool missing.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
install_hint="install them with: sh $(cd "$here/../../../.." && pwd)/../shared/dds-peer/install.sh"

[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
mkdir -p "$1" || { echo "ros2peer build: cannot create $1" >&2; exit 2; }
out="$(cd "$1" && pwd)"

common_src="$here/build.sh $here/ros2peer_common.h $(ls "$here"/idl/*.idl)"
cyclone_src="$common_src $(ls "$here"/idl/cyclone/*.idl) $here/cyclone/ros2peer.c"
fastdds_src="$common_src $here/fastdds/ros2peer.cpp"

# up_to_date BINARY SOURCES...: the binary exists and no source is newer
up_to_date() {
  bin="$1"; shift
  [ -x "$bin" ] || return 1
  for s in "$@"; do [ "$s" -nt "$bin" ] && return 1; done
  return 0
}
if up_to_date "$out/cyclone-ros2peer" $cyclone_src && up_to_date "$out/fastdds-ros2peer" $fastdds_src; then
  exit 0
fi

if command -v flock >/dev/null 2>&1; then
  exec 9>"$out/.ros2peer-build.lock"
  flock 9
fi

missing() { echo "ros2peer build: $1 is missing; $install_hint" >&2; exit 2; }
for t in idlc fastddsgen gcc g++; do command -v "$t" >/dev/null 2>&1 || missing "'$t'"; done
printf '#include <dds/dds.h>\n' | gcc -E -x c - >/dev/null 2>&1 || missing "the Cyclone DDS C headers (cyclonedds-dev)"
printf '#include <fastdds/dds/domain/DomainParticipant.hpp>\n' | g++ -E -x c++ - >/dev/null 2>&1 \
  || missing "the Fast DDS C++ headers (libfastrtps-dev)"

work="$(mktemp -d "$out/.build.XXXXXX")" || exit 1
trap 'rm -rf "$work"' EXIT

# step LOG WHAT COMMAND...: runs it with its output in LOG; on failure shows LOG and exits 1
step() {
  log="$1" what="$2"; shift 2
  if ! "$@" >>"$log" 2>&1; then
    echo "ros2peer build: $what failed:" >&2; tail -n 40 "$log" >&2; exit 1
  fi
}

build_cyclone() {
  mkdir -p "$work/cyclone"
  # idl/cyclone/ holds the service types with rmw_cyclonedds_cpp's request header in front;
  # they replace the plain ones of idl/ that Fast DDS uses
  for f in "$here"/idl/*.idl "$here"/idl/cyclone/*.idl; do
    [ -f "$here/idl/cyclone/$(basename "$f")" ] && [ "$f" = "$here/idl/$(basename "$f")" ] && continue
    # final (XCDR1) types as the RMWs use; no type information, as rmw_cyclonedds_cpp sends none
    step "$work/cyclone.log" "idlc $(basename "$f")" idlc -l c -x final -t -I "$here/idl" -o "$work/cyclone" "$f"
  done
  step "$work/cyclone.log" "compiling cyclone-ros2peer" gcc -O2 -Wall -std=c11 -I"$work/cyclone" -I"$here" \
    -o "$work/cyclone-ros2peer" "$here/cyclone/ros2peer.c" "$work"/cyclone/*.c -lddsc -lm -lpthread
  mv -f "$work/cyclone-ros2peer" "$out/cyclone-ros2peer"
}

build_fastdds() {
  mkdir -p "$work/fastdds"
  step "$work/fastdds.log" "fastddsgen" fastddsgen -replace -I "$here/idl" -d "$work/fastdds" "$here"/idl/*.idl
  step "$work/fastdds.log" "compiling fastdds-ros2peer" g++ -O2 -Wall -std=c++14 -I"$work/fastdds" -I"$here" \
    -o "$work/fastdds-ros2peer" "$here/fastdds/ros2peer.cpp" "$work"/fastdds/*.cxx -lfastrtps -lfastcdr -lpthread
  mv -f "$work/fastdds-ros2peer" "$out/fastdds-ros2peer"
}

# both at once: each is one compiler process, and the machine has more than one CPU
cpid=""
if ! up_to_date "$out/cyclone-ros2peer" $cyclone_src; then ( build_cyclone ) & cpid=$!; fi
rc=0
if ! up_to_date "$out/fastdds-ros2peer" $fastdds_src; then ( build_fastdds ) || rc=1; fi
if [ -n "$cpid" ]; then wait "$cpid" || rc=1; fi
exit $rc

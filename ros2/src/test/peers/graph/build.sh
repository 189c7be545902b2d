#!/bin/sh
# build.sh OUT_DIR - builds OUT_DIR/cyclone-graphpeer-humble (24-byte Gid) and
# OUT_DIR/cyclone-graphpeer-iron (16-byte Gid) from graphpeer.c. Binaries newer than their sources
# are kept. Exit: 0 built or up to date, 1 a build failed (its log on stderr), 2 usage.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
mkdir -p "$1" || exit 2
out="$(cd "$1" && pwd)"
sources="$here/build.sh $here/graphpeer.c $here/rmw_dds_common.idl $here/../idl/std_msgs.idl"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out/.graphpeer-build.lock"
  flock 9
fi
for form in humble:24 iron:16; do
  name="cyclone-graphpeer-${form%%:*}" bytes="${form##*:}"
  fresh=1
  [ -x "$out/$name" ] || fresh=0
  for s in $sources; do [ "$s" -nt "$out/$name" ] && fresh=0; done
  [ $fresh -eq 1 ] && continue
  work="$(mktemp -d "$out/.build.XXXXXX")" || exit 1
  log="$work/build.log"
  sed "s/GID_BYTES/$bytes/" "$here/rmw_dds_common.idl" > "$work/rmw_dds_common.idl"
  if idlc -l c -x final -t -I "$here/../idl" -o "$work" "$work/rmw_dds_common.idl" >>"$log" 2>&1 \
      && idlc -l c -x final -t -I "$here/../idl" -o "$work" "$here/../idl/std_msgs.idl" >>"$log" 2>&1 \
      && idlc -l c -x final -t -I "$here/../idl" -o "$work" "$here/../idl/builtin_interfaces.idl" >>"$log" 2>&1 \
      && gcc -O2 -Wall -std=c11 -I"$work" -o "$work/$name" "$here/graphpeer.c" "$work"/*.c -lddsc >>"$log" 2>&1; then
    mv -f "$work/$name" "$out/$name"
    rm -rf "$work"
  else
    echo "graphpeer build failed:" >&2; tail -n 40 "$log" >&2; rm -rf "$work"; exit 1
  fi
done

#!/bin/sh
# build.sh OUT_DIR - builds OUT_DIR/cyclone-paramclient from paramclient.c; a binary newer than its
# sources is kept. Exit: 0 built or up to date, 1 the build failed (its log on stderr), 2 usage.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
mkdir -p "$1" || exit 2
out="$(cd "$1" && pwd)"
bin="$out/cyclone-paramclient"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out/.paramclient-build.lock"
  flock 9
fi
fresh=1
[ -x "$bin" ] || fresh=0
for s in "$here/build.sh" "$here/paramclient.c" "$here/rcl_interfaces.idl" "$here/../idl/builtin_interfaces.idl"; do
  [ "$s" -nt "$bin" ] && fresh=0
done
[ $fresh -eq 1 ] && exit 0
work="$(mktemp -d "$out/.build.XXXXXX")" || exit 1
log="$work/build.log"
if idlc -l c -x final -t -I "$here/../idl" -o "$work" "$here/rcl_interfaces.idl" >>"$log" 2>&1 \
    && idlc -l c -x final -t -I "$here/../idl" -o "$work" "$here/../idl/builtin_interfaces.idl" >>"$log" 2>&1 \
    && gcc -O2 -Wall -std=c11 -I"$work" -o "$work/cyclone-paramclient" "$here/paramclient.c" "$work"/*.c -lddsc >>"$log" 2>&1; then
  mv -f "$work/cyclone-paramclient" "$bin"
  rm -rf "$work"
else
  echo "paramclient build failed:" >&2; tail -n 40 "$log" >&2; rm -rf "$work"; exit 1
fi

#!/bin/bash
# selftest.sh BIN_DIR - the two peers of BIN_DIR (from build.sh) against each other: every type in
# every direction, reliable and best effort, a transient-local late joiner, a corrupted sample
# found, a stopped peer, a service call. Needs the loopback configuration in the environment (". env.sh" of
# ../shared/dds-peer) and runs on ROS_DOMAIN_ID (default here 57, to keep off other tests' domain).
# Prints one line per case and "selftest: P passed, F failed"; exit 0 when all passed.
set -u
bin="${1:?usage: selftest.sh BIN_DIR}"
bin="$(cd "$bin" && pwd)"
[ -n "${CYCLONEDDS_URI:-}" ] && [ -n "${FASTRTPS_DEFAULT_PROFILES_FILE:-}" ] \
  || { echo "selftest: source ../shared/dds-peer/env.sh first (traffic must stay on loopback)" >&2; exit 2; }
export ROS_DOMAIN_ID="${ROS_DOMAIN_ID:-57}"
[ "$ROS_DOMAIN_ID" = 0 ] && export ROS_DOMAIN_ID=57
declare -A peer=([c]="$bin/cyclone-ros2peer" [f]="$bin/fastdds-ros2peer")
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
passed=0; failed=0; seq=0

# wait_line FILE REGEX SECONDS: polls until a line of FILE matches
wait_line() {
  local end=$((SECONDS + $3))
  until grep -qE "$2" "$1" 2>/dev/null; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.02
  done
}
result() { # NAME OK DETAIL
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: $3"; fi
}

# pubsub P S TYPE N HZ EXPECT_RC [options...]: sub S and pub P on a fresh topic; the pub starts
# once both sides have matched (the sub prints "matched 1", the pub waits on stdin). Leaves the
# sub's stdout in $work/last.out.
pubsub() {
  local p=$1 s=$2 type=$3 n=$4 hz=$5 want=$6; shift 6
  seq=$((seq + 1))
  local d="$work/$seq"; mkdir -p "$d"; mkfifo "$d/go"
  local topic="/selftest_${type}_$seq"
  "${peer[$s]}" sub "$type" "$topic" "$n" 30 --wait-match 1 "$@" >"$d/sub.out" 2>"$d/sub.err" & local sp=$!
  # the pub stays until the sub is done: a Fast DDS reader drops what it has not handed out yet
  # when the writer's participant leaves (README.md, pitfalls)
  "${peer[$p]}" pub "$type" "$topic" "$n" "$hz" --wait-match 1 --wait-stdin --linger 600 "$@" <"$d/go" >"$d/pub.out" 2>"$d/pub.err" & local pp=$!
  pids+=("$sp" "$pp")
  exec 8>"$d/go"
  if wait_line "$d/sub.out" '^matched 1$' 20 && wait_line "$d/pub.out" '^matched 1$' 20; then echo >&8; fi
  exec 8>&-
  wait "$sp"; local src=$?
  kill -TERM "$pp"; wait "$pp"; local prc=$?
  grep -qx "sent $n" "$d/pub.out" || prc="$prc, no 'sent $n'"
  grep -v '^matched 1$' "$d/sub.out" >"$work/last.out"
  local ok=1
  why=""
  [ "$prc" = 0 ] || why="pub exit $prc: $(head -c 300 "$d/pub.err")"
  [ "$src" = "$want" ] || why="$why sub exit $src (want $want): $(head -c 300 "$d/sub.err") $(grep -m3 -E '^(BAD|ORDER)' "$d/sub.out")"
  [ -z "$why" ] && ok=0
  return $ok
}

name_of() { [ "$1" = c ] && echo cyclone || echo fastdds; }

# every type, both directions and each with itself, reliable and best effort: same lines everywhere
for type in string jointstate posearray image; do
  n=20; [ "$type" = image ] && n=10
  for qos in --reliable --best-effort; do
    ref=""
    for pair in cc cf fc ff; do
      p=${pair:0:1}; s=${pair:1:1}
      extra=(); [ "$type" = string ] && extra=(--size 100)
      # best effort: 1 MB in one burst overflows the default socket buffers; 64 kB does not
      [ "$type" = image ] && [ "$qos" = --best-effort ] && extra=(--size 65536)
      # a volatile Cyclone reader may skip a fragmented sample that is in flight when it first
      # hears of the writer (README.md, pitfalls): exact counts of 1 MB images use transient local
      [ "$type" = image ] && [ "$qos" = --reliable ] && extra=(--transient-local)
      pubsub "$p" "$s" "$type" "$n" 50 0 "$qos" "${extra[@]}"; rc=$?
      detail=""
      if [ $rc = 0 ]; then
        lines=$(grep -vcE '^(BAD|ORDER)' "$work/last.out")
        [ "$lines" = "$n" ] || { rc=1; detail="$lines lines"; }
        if [ -z "$ref" ]; then ref="$work/ref.$type$qos"; cp "$work/last.out" "$ref"
        elif ! cmp -s "$ref" "$work/last.out"; then rc=1; detail="lines differ from cyclone->cyclone"; fi
      else detail="$why"; fi
      result "$type $qos $(name_of "$p") -> $(name_of "$s")" $rc "$detail"
    done
  done
done

# a 1 MB image (the default size) arrives intact: the crc printed is the one of the pattern
for pair in cf fc; do
  p=${pair:0:1}; s=${pair:1:1}
  pubsub "$p" "$s" image 3 20 0 --transient-local; rc=$?
  detail="$why $(tail -n1 "$work/last.out")"
  grep -q '^stamp=2.000000014 frame=img2 1024x1024 enc=mono8 bigendian=0 step=1024 bytes=1048576 crc=c12a356c$' "$work/last.out" || rc=1
  result "image 1 MB intact $(name_of "$p") -> $(name_of "$s")" $rc "$detail"
done

# a corrupted sample is reported and makes the sub exit 3
for type in string jointstate posearray image; do
  for pair in cf fc; do
    p=${pair:0:1}; s=${pair:1:1}
    pubsub "$p" "$s" "$type" 8 50 3 --corrupt 6; rc=$?
    [ "$(grep -c '^BAD ' "$work/last.out")" = 1 ] || rc=1
    result "corrupt $type $(name_of "$p") -> $(name_of "$s") found" $rc "$why $(grep -m1 '^BAD' "$work/last.out")"
  done
done

# transient local: a reader that comes after the writer gets its last `depth` samples
for pair in cc cf fc ff; do
  p=${pair:0:1}; s=${pair:1:1}
  seq=$((seq + 1)); d="$work/$seq"; mkdir -p "$d"; topic="/selftest_tl_$seq"
  "${peer[$p]}" pub string "$topic" 20 200 --transient-local --depth 5 --linger 60 >"$d/pub.out" 2>"$d/pub.err" & pp=$!
  pids+=("$pp")
  rc=1
  if wait_line "$d/pub.out" '^sent 20$' 20; then
    "${peer[$s]}" sub string "$topic" 5 20 --transient-local --depth 5 >"$d/sub.out" 2>"$d/sub.err"; rc=$?
    [ "$(cat "$d/sub.out" | tr '\n' ' ')" = "hello 15 hello 16 hello 17 hello 18 hello 19 " ] || rc=1
  fi
  kill -TERM "$pp"; wait "$pp"; prc=$?
  [ "$prc" = 0 ] || rc=1
  result "transient-local late joiner $(name_of "$p") -> $(name_of "$s")" $rc "sub: $(tr '\n' ' ' <"$d/sub.out" 2>/dev/null) $(cat "$d/sub.err" 2>/dev/null) pub exit $prc"
done

# a sub that gets nothing times out with exit 1 and says so
for s in c f; do
  seq=$((seq + 1)); d="$work/$seq"; mkdir -p "$d"
  "${peer[$s]}" sub string "/selftest_none_$seq" 3 1 >"$d/out" 2>"$d/err"; rc=$?
  [ $rc = 1 ] && grep -q '^got 0 of 3$' "$d/err"; r=$?
  result "$(name_of "$s") sub timeout" $r "exit $rc: $(cat "$d/err")"
done

# SIGTERM stops a running pub (exit 0, "sent K") and a sub short of N (exit 1) at once
for pair in cf fc; do
  p=${pair:0:1}; s=${pair:1:1}
  seq=$((seq + 1)); d="$work/$seq"; mkdir -p "$d"
  "${peer[$s]}" sub string "/selftest_term_$seq" 1000 60 --wait-match 1 >"$d/sub.out" 2>"$d/sub.err" & sp=$!
  "${peer[$p]}" pub string "/selftest_term_$seq" 0 20 >"$d/pub.out" 2>"$d/pub.err" & pp=$!
  pids+=("$sp" "$pp")
  r=1
  if wait_line "$d/sub.out" '^hello 3$' 20; then
    start=$SECONDS
    kill -TERM "$sp"; wait "$sp"; src=$?
    kill -TERM "$pp"; wait "$pp"; prc=$?
    [ $src = 1 ] && [ $prc = 0 ] && grep -qE '^sent [0-9]+$' "$d/pub.out" && [ $((SECONDS - start)) -lt 5 ]; r=$?
  fi
  result "SIGTERM stops $(name_of "$p") pub and $(name_of "$s") sub" $r "sub exit ${src:-} pub exit ${prc:-}"
done

# echo: what goes in on one topic comes out on the other, in both implementations
for e in c f; do
  seq=$((seq + 1)); d="$work/$seq"; mkdir -p "$d"; mkfifo "$d/go"
  other=c; [ $e = c ] && other=f
  "${peer[$e]}" echo jointstate "/selftest_in_$seq" "/selftest_out_$seq" --wait-match 1 >"$d/echo.out" 2>"$d/echo.err" & ep=$!
  "${peer[$other]}" sub jointstate "/selftest_out_$seq" 10 30 --wait-match 1 >"$d/sub.out" 2>"$d/sub.err" & sp=$!
  "${peer[$other]}" pub jointstate "/selftest_in_$seq" 10 50 --wait-match 1 --wait-stdin <"$d/go" >"$d/pub.out" 2>"$d/pub.err" & pp=$!
  pids+=("$ep" "$sp" "$pp")
  exec 8>"$d/go"
  if wait_line "$d/echo.out" '^matched 1$' 20 && wait_line "$d/sub.out" '^matched 1$' 20 && wait_line "$d/pub.out" '^matched 1$' 20; then echo >&8; fi
  exec 8>&-
  wait "$pp"; wait "$sp"; rc=$?
  [ "$(grep -vc '^matched' "$d/sub.out")" = 10 ] || rc=1
  kill -TERM "$ep"; wait "$ep"
  result "$(name_of "$e") echo" $rc "sub exit $rc $(cat "$d/sub.err") echo: $(cat "$d/echo.err")"
done

# services: each RMW's client calls its own server (each carries its RMW's request identity,
# which the other RMW does not read: ROS 2 services do not cross RMWs either); the caller checks
# every sum, the server answers N and exits
for k in c f; do
  seq=$((seq + 1)); d="$work/$seq"; mkdir -p "$d"
  "${peer[$k]}" serve addtwoints "/selftest_add_$seq" 5 30 >"$d/serve.out" 2>"$d/serve.err" & vp=$!
  "${peer[$k]}" call addtwoints "/selftest_add_$seq" 5 20 >"$d/call.out" 2>"$d/call.err" & cp=$!
  pids+=("$vp" "$cp")
  wait "$cp"; crc=$?
  wait "$vp"; vrc=$?
  rc=0
  [ "$crc" = 0 ] && [ "$vrc" = 0 ] && [ "$(grep -c '^reply ' "$d/call.out")" = 5 ] || rc=1
  result "$(name_of "$k") service call -> $(name_of "$k") server" $rc "call exit $crc $(cat "$d/call.err") serve exit $vrc $(cat "$d/serve.err")"
done

echo "selftest: $passed passed, $failed failed"
[ "$failed" = 0 ]

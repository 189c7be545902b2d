#!/usr/bin/env bash
# Builds Pyros and runs the demo: a simulated robot, one Pyros node and a client, all in one JVM.
# No ROS installation needed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -Dstyle.color=never install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
mvn -B -q -ntp -Dstyle.color=never -pl samples exec:java -Dexec.mainClass=org.pyros.samples.demo.Demo -Dexec.args="${*:-10}"

#!/usr/bin/env bash
# Checks what `mvn verify` packaged: every jar module of the root pom has its jar, with the
# Automatic-Module-Name its pom sets (automatic.module.name), a sources jar and a Javadoc jar.
# Run after `mvn verify` (scripts/test.sh does). Fails naming every module that does not.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
failed=0
# The root pom's own module list, not its profiles' (the bench is not a library).
for module in $(sed -n '/^  <modules>/,/^  <\/modules>/s|^ *<module>\(.*\)</module>|\1|p' pom.xml); do
  [ -d "$module" ] || continue
  grep -q '<packaging>pom</packaging>' "$module/pom.xml" && continue
  artifact=$(sed -n 's|^  <artifactId>\(.*\)</artifactId>|\1|p' "$module/pom.xml" | head -1)
  expected=$(sed -n 's|.*<automatic.module.name>\(.*\)</automatic.module.name>.*|\1|p' "$module/pom.xml")
  jar="$module/target/$artifact-$version.jar"
  if [ -z "$expected" ]; then
    echo "check-jars: $module/pom.xml sets no automatic.module.name"; failed=1; continue
  fi
  if [ ! -f "$jar" ]; then
    echo "check-jars: $jar is missing (run mvn verify first)"; failed=1; continue
  fi
  # The manifest wraps lines at 72 bytes and ends them with CRLF; module names here are short.
  actual=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's|^Automatic-Module-Name: ||p')
  if [ "$actual" != "$expected" ]; then
    echo "check-jars: $jar has Automatic-Module-Name '${actual}', its pom says '$expected'"; failed=1
  fi
  for classifier in sources javadoc; do
    if [ ! -f "$module/target/$artifact-$version-$classifier.jar" ]; then
      echo "check-jars: $module has no $classifier jar"; failed=1
    fi
  done
done
[ "$failed" = 0 ] && echo "check-jars: every module jar has its Automatic-Module-Name, sources and Javadoc"
exit "$failed"

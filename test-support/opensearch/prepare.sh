#!/usr/bin/env bash
# Makes the test OpenSearch node runnable: Java 17 and Maven (from apt when absent, as root), the node's jars
# from Maven Central (./pom.xml; 56 jars, 45 MB, cached in ~/.m2 and .tmp/opensearch/lib) and the launcher
# class (./TestNode.java). Idempotent and quick once done; node.ts runs it before starting a node.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.tmp/opensearch

if ! command -v javac >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "Java 17 and Maven are needed for the OpenSearch tests: sudo apt-get install -y openjdk-17-jdk-headless maven" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi

if [ ! -f "$OUT/lib/.complete" ] || [ test-support/opensearch/pom.xml -nt "$OUT/lib/.complete" ]; then
  rm -rf "$OUT/lib"
  mvn -q -B -f test-support/opensearch/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$OUT/lib" >&2
  touch "$OUT/lib/.complete"
fi

if [ ! -f "$OUT/classes/TestNode.class" ] || [ test-support/opensearch/TestNode.java -nt "$OUT/classes/TestNode.class" ]; then
  mkdir -p "$OUT/classes"
  # Plain javac: Maven 3.8's default compiler plugin rejects --release.
  javac --release 17 -cp "$OUT/lib/*" -d "$OUT/classes" test-support/opensearch/TestNode.java
fi
echo "$PWD/$OUT"

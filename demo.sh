#!/usr/bin/env bash
# The main job on one machine: builds everything, then runs a centre (core-ingest + embedded Kafka)
# and a store box (edge-node) as real processes, posts the retail sample, cuts the store's link for a
# while, restores it, and prints what reached the centre. Options as -D system properties, e.g.
#   ./demo.sh -Ddemo.rate=500 -Ddemo.cut-seconds=60
set -euo pipefail
cd "$(dirname "$0")"
echo "Building (first run downloads dependencies; later runs take ~1 min)..."
mvn -B -q -DskipTests package
exec java -cp "e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*" -De2e.root=. "$@" dev.edgesync.e2e.Demo

#!/usr/bin/env bash
# Starts the local stack in a scratch directory, measures schema registry request latency
# (p50/p99 over N lookups and N fetches by id, default 1000) and the broker's start time, then
# stops the stack. Usage: bench/registry-latency.sh [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requests="${1:-1000}"
work="$(mktemp -d)"
"$root/bin/local-stack" --data-dir "$work" > "$work/launcher.out" 2>&1 &
launcher=$!
trap 'kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 1200); do
  grep -q "Press Ctrl-C" "$work/launcher.out" 2>/dev/null && break
  kill -0 "$launcher" 2>/dev/null || { cat "$work/launcher.out"; exit 1; }
  sleep 0.1
done
grep "kappa-local: started" "$work/launcher.out"
url="$(grep '^schema.registry.url=' "$work/local-stack.properties" | cut -d= -f2- | sed 's/\\:/:/g')"
java "$root/bench/RegistryLatency.java" "$url" "$requests"

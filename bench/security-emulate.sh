#!/usr/bin/env bash
# What encryption costs a real-time emulation: the same `starling emulate` run in clear and then with a keyring
# (every frame between processes sealed and opened; co-hosted nodes stay on the clear in-memory path), and the
# ratios of CPU and of bytes per node per second, from one invocation. Run it under the measurement lock:
#   flock /work/measure.lock bench/security-emulate.sh NODES PROCESSES DURATION_S OUT_PREFIX
# STARLING names the launcher (default ./starling); point it at a copy of the jar to keep rebuilds out of a run:
#   STARLING="java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -jar /tmp/starling-measured.jar"
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nodes="${1:-2000}"
processes="${2:-4}"
duration="${3:-20}"
out="${4:-$here/bench/results/security-emulate-$nodes-p$processes}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

starling=(${STARLING:-"$here/starling"})
"${starling[@]}" keys generate --key-file "$tmp/key" >/dev/null
printf 'key 1 %s\nprimary 1\n' "$(cat "$tmp/key")" > "$tmp/keyring"
# EMULATE_ARGS adds flags to both runs (e.g. --max-false-positives N on a loaded machine).
run=(emulate --nodes "$nodes" --processes "$processes" --duration "$duration" --seed 1 --progress lines ${EMULATE_ARGS:-})

{ echo "commit $(git -C "$here" rev-parse --short HEAD) $(date -u +%FT%TZ)"; echo "before clear: $(uptime)"; } > "$out.load"
"${starling[@]}" "${run[@]}" --json "$out-clear.json"
echo "before keyring: $(uptime)" >> "$out.load"
"${starling[@]}" "${run[@]}" --keyring "$tmp/keyring" --json "$out-keyring.json"
echo "after: $(uptime)" >> "$out.load"

python3 - "$out-clear.json" "$out-keyring.json" <<'PY'
import json, sys
clear, sealed = (json.load(open(f)) for f in sys.argv[1:3])
print("| run | encrypted | converge_ms | cpu_cores | cpu per node per s (us) | bytes_per_node_per_s | "
      "messages_per_node_per_s | false_suspicions | ok |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for name, r in (("clear", clear), ("keyring", sealed)):
    cpu_us = r["cpu_cores"] * 1e6 / r["nodes"]
    print(f"| {name} | {r.get('encrypted')} | {r['converge_ms']:.0f} | {r['cpu_cores']:.3f} | {cpu_us:.1f} | "
          f"{r['bytes_per_node_per_s']:.0f} | {r['messages_per_node_per_s']:.2f} | {r['false_suspicions']} | {r['ok']} |")
print(f"| ratio keyring / clear | | | {sealed['cpu_cores'] / clear['cpu_cores']:.3f} | "
      f"{sealed['cpu_cores'] / clear['cpu_cores']:.3f} | "
      f"{sealed['bytes_per_node_per_s'] / clear['bytes_per_node_per_s']:.3f} | "
      f"{sealed['messages_per_node_per_s'] / clear['messages_per_node_per_s']:.3f} | | |")
PY

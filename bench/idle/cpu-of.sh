#!/usr/bin/env bash
# CPU cores used by a running process over a window, from /proc (utime + stime of every thread, clock ticks):
#   bench/idle/cpu-of.sh PID SECONDS
# Prints: cores, and the busiest threads (name and cores).
set -euo pipefail
pid=$1; secs=$2
hz=$(getconf CLK_TCK)
snap() { for t in /proc/$pid/task/*; do
    read -r stat < "$t/stat" || continue
    name=$(cat "$t/comm" 2>/dev/null | tr ' ' '_')
    rest=${stat#*) }; set -- $rest; echo "$(basename $t) $name $(( ${12} + ${13} ))"; done; }
snap > /tmp/cpu-of.$$.a; sleep "$secs"; snap > /tmp/cpu-of.$$.b
join <(sort /tmp/cpu-of.$$.a) <(sort /tmp/cpu-of.$$.b) | awk -v hz=$hz -v s=$secs '
  { d = ($5 - $3) / hz / s; total += d; if (d > 0) printf "  thread %-28s %.4f cores\n", $2, d }
  END { printf "cores %.4f\n", total }' | sort -k3 -r
rm -f /tmp/cpu-of.$$.a /tmp/cpu-of.$$.b

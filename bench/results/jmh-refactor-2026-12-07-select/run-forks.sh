#!/bin/bash
# One JMH fork per run, jars interleaved round by round, each fork with -XX:+LogCompilation (classified afterwards
# by dqsel.py) and the worker thread's CPU time per operation (CpuTimeProfiler, secondary result cpu.ns/op).
# usage: run-forks.sh OUTDIR ROUNDS TAG:JAR[:EXTRA_JVM_ARGS;...] ...
#   e.g. run-forks.sh out 14 b179538:old.jar 192145c:main.jar 2a60670:fix.jar
here=$(cd "$(dirname "$0")" && pwd)
prof=${TMPDIR:-/tmp}/starling-jmh-prof
out=$1; n=$2; shift 2
mkdir -p "$out" "$prof"
first=${1#*:}; first=${first%%:*}
# the benchmarks jar holds JMH itself
[ -f "$prof/CpuTimeProfiler.class" ] || javac -d "$prof" -cp "$first" "$here/CpuTimeProfiler.java"
for i in $(seq 1 "$n"); do
  for spec in "$@"; do
    t=${spec%%:*}; rest=${spec#*:}; j=${rest%%:*}; extra=""
    [ "$rest" != "$j" ] && extra=$(echo "${rest#*:}" | tr ';' ' ')
    uptime >> "$out/load.txt"
    java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dsbe.enable.precedence.checks=false \
      -cp "$j:$prof" org.openjdk.jmh.Main ProbeTickBenchmark -prof CpuTimeProfiler -f 1 -wi 5 -i 5 \
      -rf json -rff "$out/$t-$i.json" \
      -jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=$out/$t-$i.log $extra" \
      > "$out/$t-$i.txt" 2>&1
  done
done
uptime >> "$out/load.txt"
echo done >> "$out/load.txt"

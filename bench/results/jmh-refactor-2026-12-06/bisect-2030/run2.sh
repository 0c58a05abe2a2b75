#!/bin/bash
# usage: run2.sh TAG ROUNDS "JVMARGS" jar...
cd /work/meas/bisect
echo -10 > /proc/$$/autogroup
tag=$1; rounds=$2; jargs=$3; shift 3
( while true; do /work/pause-helpers.sh STOP > /dev/null; sleep 3; done ) &
pauser=$!
trap 'kill $pauser; /work/pause-helpers.sh CONT > /dev/null' EXIT
uptime > load-$tag.txt
for r in $(seq 1 $rounds); do
  for j in "$@"; do
    java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dsbe.enable.precedence.checks=false -Djmh.ignoreLock=true -jar $j.jar ProbeTickBenchmark -f 1 -wi ${WI:-5} -i 5 ${jargs:+-jvmArgsAppend "$jargs"} -rf json -rff $tag-r$r-$j.json > $tag-r$r-$j.txt 2>&1
    echo "$r $j $(grep 'probeTickAndAck ' $tag-r$r-$j.txt | tail -1)" >> summary-$tag.txt
  done
  uptime >> load-$tag.txt
done

#!/bin/bash
# Interleaved rounds: old (b179538), new (main de9c91f), fix (91203cf); 2 forks each per round, 3 rounds.
cd /tmp/jmh-jars
uptime > logs/timing.uptime
for r in 1 2 3; do
  for j in old new fix; do ./runlog2.sh T$j$r $j.jar 2; uptime >> logs/timing.uptime; done
done
# class loading in the benchmark JVM (in-process run, not a timing)
java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Xlog:class+load=info:file=/tmp/jmh-jars/logs/classload-fix.txt -cp fix.jar org.openjdk.jmh.Main ProbeTickBenchmark -f 0 -wi 1 -i 1 -w 1 -r 1 > logs/classload-run.txt 2>&1
java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Xlog:class+load=info:file=/tmp/jmh-jars/logs/classload-old.txt -cp old.jar org.openjdk.jmh.Main ProbeTickBenchmark -f 0 -wi 1 -i 1 -w 1 -r 1 >> logs/classload-run.txt 2>&1

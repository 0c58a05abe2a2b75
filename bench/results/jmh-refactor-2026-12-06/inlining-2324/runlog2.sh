#!/bin/bash
# usage: runlog2.sh TAG JAR FORKS [extra jvm args]  -> logs/TAG-<pid>.log per fork, logs/TAG.txt
cd /tmp/jmh-jars
tag=$1; jar=$2; forks=$3; shift 3
uptime > logs/$tag.uptime
java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dsbe.enable.precedence.checks=false -jar $jar ProbeTickBenchmark -f $forks -wi 5 -i 5 \
  -jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/jmh-jars/logs/$tag-%p.log $*" > logs/$tag.txt 2>&1
uptime >> logs/$tag.uptime

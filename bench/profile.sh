#!/usr/bin/env bash
# Where the time of one training step goes (issue 12, item 1): Regula's step (bench/profile/
# StepProfile.java, through Trainer.stepAt) and the PyTorch peer's (bench/profile_peer.py), ROUNDS
# alternating rounds; each times TIMED steps after WARMUP ones, then records PROFILED steps with
# the engines' own operator profiler (libtorch's through DJL's JniUtils.startProfile, torch's
# autograd profiler for the peer). bench/summarize_profile.py turns each trace into the per-phase
# table (operator calls, time inside operators, time between them).
#
# Usage: bench/profile.sh [ROUNDS] [MODEL]        (default 2 rounds of resnet20; MODEL: resnet20 | cnn)
# Env: THREADS (default 2), WARMUP (5), TIMED (15), PROFILED (4), REG (none: the plain step; all: the
# peer's --reg all step and Regula's bench/speed-augment.yaml, batch preparation inside the step for
# both), CORE_JARS="old.jar new.jar" to
# compare builds of regula-core in the same rounds (default: the current build only), PEER=path.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"; model="${2:-resnet20}"
threads="${THREADS:-2}"; reg="${REG:-none}"; warmup="${WARMUP:-5}"; timed="${TIMED:-15}"; profiled="${PROFILED:-4}"
peer="${PEER:-../shared/peer/fmnist_torch.py}"
out="bench/out/profile-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/classes" "$out/lib"
./regula info > "$out/info.txt"            # builds Regula if needed, outside the timings
for jar in cli/target/lib/*.jar; do
  [[ "$jar" == *regula-core-* ]] || ln -sf "$PWD/$jar" "$out/lib/"
done
javac -d "$out/classes" -cp "cli/target/lib/*" bench/profile/StepProfile.java
jars=(${CORE_JARS:-cli/target/lib/regula-core-0.1.0-SNAPSHOT.jar})
regula_model="$model"; [ "$model" = cnn ] && regula_model=simple-cnn
recipe=bench/speed.yaml; [ "$reg" = all ] && recipe=bench/speed-augment.yaml
export MALLOC_MMAP_THRESHOLD_=17179869184 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=268435456
export OMP_NUM_THREADS="$threads"
uptime > "$out/uptime.txt"
for r in $(seq 1 "$rounds"); do
  /usr/bin/python3 bench/profile_peer.py "$peer" "$model" "$warmup" "$timed" "$profiled" \
    "$out/peer-$r.json" "$threads" "$reg" > "$out/peer-$r.log" 2>&1
  for j in "${!jars[@]}"; do
    java -XX:+UseParallelGC -Dai.djl.offline=true -cp "${jars[$j]}:$out/lib/*:$out/classes" StepProfile \
      "$recipe" "$warmup" "$timed" "$profiled" "$out/regula$j-$r.json" model.name="$regula_model" \
      model.dropout.head.rate=0 data.path=embedded > "$out/regula$j-$r.log" 2>&1
  done
  uptime >> "$out/uptime.txt"
  echo "round $r/$rounds done" >&2
done
for log in "$out"/*.log; do echo "$(basename "$log" .log): $(grep -h "step_ms_median\|step_thread_cpu\|step_process_cpu" "$log" | tr "\n" " ")"; done
for trace in "$out"/*.json; do
  python3 bench/summarize_profile.py "$trace" "$profiled" "$(basename "$trace" .json)"
done
cat "$out/uptime.txt"

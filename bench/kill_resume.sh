#!/usr/bin/env bash
# SIGKILL at N seeded moments (uniform over an uninterrupted run's wall time, Python's
# random.Random(SEED)) during `regula train`; each killed run is continued with `--resume` (or
# started again when the kill came before its folder existed) and must end with exactly the
# test accuracy, test loss and training loss of one uninterrupted run.
# Usage: bench/kill_resume.sh [N=20] [SEED=13]. Prints one line per kill and a total.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
SEED=${2:-13}
OUT=${OUT:-runs/kill-resume}
RECIPE=recipes/baseline.yaml
SET=(--set data.train_limit=512 --set data.validation=100 --set data.test_limit=200 --set training.epochs=2
     --set training.batch_size=64 --set monitoring.every_steps=4)
rm -rf "$OUT"; mkdir -p "$OUT"
./regula info >/dev/null   # builds the jar once; then a private copy, so edits and rebuilds cannot interfere
APP=$(mktemp -d /tmp/regula-kill.XXXX); cp -r cli/target/regula-cli.jar cli/target/lib "$APP/"
regula() { java -XX:+UseParallelGC -Xss4m -Dai.djl.offline=true -jar "$APP/regula-cli.jar" "$@"; }
regula_in_background() { exec java -XX:+UseParallelGC -Xss4m -Dai.djl.offline=true -jar "$APP/regula-cli.jar" "$@"; }
start=$(date +%s.%N)
regula train "$RECIPE" "${SET[@]}" --out "$OUT/reference" --quiet >/dev/null
wall=$(python3 -c "print($(date +%s.%N) - $start)")
figures() {
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(repr((s['test_accuracy'], s['test_loss'], s['train_loss'])))" "$1/summary.json"
}
reference=$(figures "$OUT/reference")
times=$(python3 -c "import random; r=random.Random($SEED); print(' '.join('%.2f' % r.uniform(0.5, $wall) for _ in range($N)))")
echo "uninterrupted: ${wall%.*} s wall, figures $reference"
same=0; i=0
for t in $times; do
  i=$((i + 1)); run="$OUT/kill-$i"
  regula_in_background train "$RECIPE" "${SET[@]}" --out "$run" --quiet >/dev/null 2>&1 &  # $! is java itself
  pid=$!
  sleep "$t"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  epochs=0; [ -f "$run/metrics.jsonl" ] && epochs=$(grep -c . "$run/metrics.jsonl" || true)
  if [ -f "$run/recipe.yaml" ]; then
    regula train --resume "$run" --quiet >/dev/null 2>&1
  else
    regula train "$RECIPE" "${SET[@]}" --out "$run" --quiet >/dev/null 2>&1
  fi
  got=$(figures "$run")
  verdict=different; [ "$got" = "$reference" ] && { verdict=same; same=$((same + 1)); }
  echo "kill $i at ${t}s (epochs recorded: $epochs): resumed figures $verdict"
done
echo "$same of $N resumed runs ended with exactly the uninterrupted figures"

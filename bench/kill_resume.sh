#!/usr/bin/env bash
# SIGKILL at N seeded moments (uniform over an uninterrupted run's wall time, Python's
# random.Random(SEED)) during `regula train`, `regula compare` or `regula active`; each killed run
# is continued (`train --resume`, or the same `compare`/`active` command again, which keep what
# was finished) and must end with exactly the figures of one uninterrupted run:
#   train:   test accuracy, test loss and training loss of summary.json;
#   compare: study.csv (every arm's figures) and each arm's summary figures;
#   active:  active.csv (every acquisition's test accuracy at every round).
# Usage: bench/kill_resume.sh [N=20] [SEED=13] [COMMAND=train]. Prints one line per kill and a total.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
SEED=${2:-13}
COMMAND=${3:-train}
OUT=${OUT:-runs/kill-resume-$COMMAND}
RECIPE=$PWD/recipes/baseline.yaml
rm -rf "$OUT"; mkdir -p "$OUT"
./regula info >/dev/null   # builds the jar once; then a private copy, so edits and rebuilds cannot interfere
APP=$(mktemp -d /tmp/regula-kill.XXXX); cp -r cli/target/regula-cli.jar cli/target/lib "$APP/"
regula() { java -XX:+UseParallelGC -Xss4m -Dai.djl.offline=true -jar "$APP/regula-cli.jar" "$@"; }
regula_in_background() { exec java -XX:+UseParallelGC -Xss4m -Dai.djl.offline=true -jar "$APP/regula-cli.jar" "$@"; }
case "$COMMAND" in
  train)
    SET=(--set data.train_limit=512 --set data.validation=100 --set data.test_limit=200 --set training.epochs=2
         --set training.batch_size=64 --set monitoring.every_steps=4)
    args() { echo train "$RECIPE" "${SET[@]}" --out "$1" --quiet; }
    progress() { [ -f "$1/metrics.jsonl" ] && grep -c . "$1/metrics.jsonl" || echo 0; }
    unit="epochs recorded"
    figures() {
      python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(repr((s['test_accuracy'], s['test_loss'], s['train_loss'])))" "$1/summary.json"
    } ;;
  compare)
    cat > "$OUT/study.yaml" <<YAML
name: kill
recipe: $RECIPE
overrides: [data.train_limit=384, data.validation=64, data.test_limit=200, training.epochs=2, training.batch_size=64]
variants:
  - name: baseline
  - name: l2
    overrides: [regularization.l2=0.001]
YAML
    args() { echo compare "$OUT/study.yaml" --out "$1" --quiet; }
    progress() { find "$1" -name metrics.jsonl -exec cat {} + 2>/dev/null | grep -c . || true; }
    unit="epochs recorded over both arms"
    figures() {
      python3 - "$1" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/study.csv")))
arms = [json.load(open(f"{sys.argv[1]}/{arm}/seed-42/summary.json")) for arm in ("baseline", "l2")]
print(repr(([{k: v for k, v in r.items() if "second" not in k and "time" not in k} for r in rows],
            [(s["test_accuracy"], s["test_loss"], s["train_loss"]) for s in arms])))
PY
    } ;;
  active)
    cat > "$OUT/active.yaml" <<YAML
name: kill
recipe: $RECIPE
overrides: [training.epochs=2, training.batch_size=16, data.train_limit=300, data.test_limit=200]
initial: 10
budget: 10
rounds: 2
acquisitions: [entropy, random]
mc_passes: 3
YAML
    args() { echo active "$OUT/active.yaml" --out "$1" --quiet; }
    progress() { [ -f "$1/active-rounds.jsonl" ] && echo $(($(grep -c . "$1/active-rounds.jsonl") - 1)) || echo 0; }
    unit="rounds recorded of 6"
    figures() { cat "$1/active.csv"; } ;;
  *) echo "COMMAND must be train, compare or active" >&2; exit 2 ;;
esac
start=$(date +%s.%N)
# shellcheck disable=SC2046  # the argument lists hold no spaces
regula $(args "$OUT/reference") >/dev/null
wall=$(python3 -c "print($(date +%s.%N) - $start)")
reference=$(figures "$OUT/reference")
times=$(python3 -c "import random; r=random.Random($SEED); print(' '.join('%.2f' % r.uniform(0.5, $wall) for _ in range($N)))")
echo "$COMMAND uninterrupted: ${wall%.*} s wall, figures $reference"
same=0; i=0
for t in $times; do
  i=$((i + 1)); run="$OUT/kill-$i"
  # shellcheck disable=SC2046
  regula_in_background $(args "$run") >/dev/null 2>&1 &  # $! is java itself
  pid=$!
  sleep "$t"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  done_so_far=$(progress "$run" | tail -1)
  if [ "$COMMAND" = train ] && [ -f "$run/recipe.yaml" ]; then
    regula train --resume "$run" --quiet >/dev/null 2>&1
  else
    # shellcheck disable=SC2046
    regula $(args "$run") >/dev/null 2>&1
  fi
  got=$(figures "$run")
  verdict=different; [ "$got" = "$reference" ] && { verdict=same; same=$((same + 1)); }
  echo "kill $i at ${t}s ($unit: $done_so_far): resumed figures $verdict"
done
echo "$same of $N resumed $COMMAND runs ended with exactly the uninterrupted figures"

# Shared set-up of the bench scripts that time Regula against the PyTorch peer
# (speed_resnet.sh, time_to_accuracy.sh, idle_round.sh). Source it from the repository root, then
# call `bench_setup NAME`: it sets
#   threads  engine threads for both (THREADS, default 2), exported as OMP_NUM_THREADS and passed
#            to ./regula as -Dai.djl.pytorch.num_threads (./regula otherwise takes one per core)
#   peer     the peer script (PEER, default ../shared/peer/fmnist_torch.py), checked by require_peer.sh
#   regula   the Regula command (REGULA, default ./regula), built once here, outside the timings
#   out      a fresh output folder bench/out/NAME-YYYYmmdd-HHMMSS, with info.txt and uptime.txt
# and defines peer_run / regula_train, which run one arm with its output in a log file.
bench_setup() {
  threads="${THREADS:-2}"
  peer="${PEER:-../shared/peer/fmnist_torch.py}"
  regula="${REGULA:-./regula}"
  out="bench/out/$1-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$out"
  source bench/require_peer.sh
  export OMP_NUM_THREADS="$threads"
  export REGULA_JAVA_OPTS="${REGULA_JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=$threads"
  $regula info > "$out/info.txt"   # builds Regula if needed, outside the timings
  uptime > "$out/uptime.txt"
}

# peer_run LOG ARGS...: the peer with ARGS at $threads threads, stdout and stderr into $out/LOG.log
peer_run() {
  local log="$1"; shift
  /usr/bin/python3 "$peer" "$@" --threads "$threads" > "$out/$log.log" 2>&1
}

# resnet20_job STEPS: sets the array resnet20 to Regula's overrides for the peer's ResNet-20 job of
# STEPS steps of batch 128 (bench/speed.yaml or speed-augment.yaml; no dropout, 1,000 test images)
resnet20_job() {
  resnet20=(--set model.name=resnet20 --set model.dropout.head.rate=0 --set data.test_limit=1000
            --set data.train_limit=$(($1 * 128)))
}

# regula_train NAME RECIPE ARGS...: `regula train RECIPE --out $out/NAME --quiet ARGS`, log in $out/NAME.log
regula_train() {
  local name="$1" recipe="$2"; shift 2
  $regula train "$recipe" --out "$out/$name" --quiet "$@" > "$out/$name.log" 2>&1
}

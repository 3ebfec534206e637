#!/usr/bin/env bash
# The README's main job on a fresh clone (issue 12, item 4): clones this checkout's HEAD into a
# temporary folder and times `./regula compare studies/regularization.yaml` there, build included
# (the first use builds the application), then prints the wall time and the study's table.
#
# Usage: bench/main_job.sh      (Env: MAVEN_OPTS as for any build, e.g. -Dmaven.repo.local=...)
set -euo pipefail
cd "$(dirname "$0")/.."
clone="$(mktemp -d)/regula"
git clone -q . "$clone"
cd "$clone"
uptime
start=$(date +%s)
./regula compare studies/regularization.yaml --quiet > compare.log 2>&1
end=$(date +%s)
uptime
tail -20 compare.log
echo "main job wall time on a fresh clone (build included): $((end - start)) s ($clone)"

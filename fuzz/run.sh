#!/usr/bin/env bash
# Runs fuzz targets one after another, each for SECONDS of wall time (default 1800), with the
# seed corpus and a growing working corpus. SANITIZER=none skips AddressSanitizer (faster). A crash stops libFuzzer; the loop saves it under
# artifacts/TARGET/ and starts again until the time is up. Logs go to logs/TARGET.log.
# Usage: fuzz/run.sh [SECONDS] TARGET...
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-1800}; shift
for t in "$@"; do
  mkdir -p "corpus/$t" "artifacts/$t" logs
  end=$(( $(date +%s) + secs ))
  echo "start $(date -u +%FT%TZ) for ${secs}s" >> "logs/$t.log"
  while (( $(date +%s) < end )); do
    left=$(( end - $(date +%s) ))
    san=${SANITIZER:-address}
    cargo +nightly fuzz run -O -s "$san" --target-dir "target/$san" "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$left" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -print_final_stats=1 >> "logs/$t.log" 2>&1
  done
  echo "end $(date -u +%FT%TZ)" >> "logs/$t.log"
done

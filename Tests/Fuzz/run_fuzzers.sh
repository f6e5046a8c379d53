#!/usr/bin/env bash
# Runs switchboard-fuzz (the libFuzzer build) on each named target for
# SECONDS seconds, one after the other, and fails if any target crashes,
# breaks an invariant, times out or runs out of memory.  Everything goes
# under WORKDIR: the growing corpus per target (corpus/TARGET, seeded from
# Tests/Fuzz/corpus/TARGET, which is never written to), crash inputs
# (artifacts/TARGET/) and libFuzzer's log (logs/TARGET.log).
#
#   run_fuzzers.sh BINARY SECONDS WORKDIR TARGET...
set -uo pipefail
if [ $# -lt 4 ]; then
    echo "usage: $0 BINARY SECONDS WORKDIR TARGET..." >&2
    exit 2
fi
binary=$1 seconds=$2 workdir=$3
shift 3
seeds=$(dirname "$0")/corpus
failed=()
printf '%-14s %10s %8s %7s %7s %7s\n' target execs exec/s cov ft corpus
for target in "$@"; do
    corpus=$workdir/corpus/$target artifacts=$workdir/artifacts/$target/ log=$workdir/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$workdir/logs"
    # SWIFT_BACKTRACE=enable=no: the Swift backtracer would hold the log
    # open after a crash.  lsan.supp: see there.  -timeout: no input of these
    # targets takes near a second; 30 s leaves room for a loaded machine.
    SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$seeds/../lsan.supp "$binary" --target="$target" -max_total_time="$seconds" -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "$seeds/$target" >"$log" 2>&1
    status=$?
    # The last status line: "#N<tab>DONE cov: C ft: F corp: K/S ..." (or "pulse", "NEW" before a crash).
    last=$(grep -E '^#[0-9]+\s' "$log" | tail -1)
    printf '%-14s %10s %8s %7s %7s %7s\n' "$target" \
        "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)" \
        "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)" \
        "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")" \
        "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")" \
        "$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")"
    if [ $status -ne 0 ]; then
        failed+=("$target")
        echo "--- $target failed (exit $status); input in $artifacts, log $log:" >&2
        grep -E 'ERROR|Fatal error|fuzz invariant|SUMMARY|Test unit written' "$log" | head -20 >&2
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing failed: ${failed[*]} (reproduce: $binary --target=NAME ARTIFACT)" >&2
    exit 1
fi

# Sourced by .ci/run and .ci/contended: two CPU-bound processes beside the tests.
# Issue #25: the suite must pass on a busy machine (tests wait on conditions, never on
# fixed times), so CI runs it with both of its cores kept busy by something else.
BUSY_PIDS=()

busy_start() {
  for _ in 1 2; do
    python3 -c 'while True: pass' &
    BUSY_PIDS+=("$!")
  done
  echo "two CPU-bound processes beside the tests: ${BUSY_PIDS[*]}" >&2
}

busy_stop() {
  if [ "${#BUSY_PIDS[@]}" -gt 0 ]; then
    kill "${BUSY_PIDS[@]}" 2>/dev/null || true
    BUSY_PIDS=()
  fi
}

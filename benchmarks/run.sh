#!/usr/bin/env bash
# Custody benchmarks: agent overhead (JMH), llama wall time, start-up, server ingest, memory per allocation.
#
#   benchmarks/run.sh [--full]   the full run (about 17 minutes on 2 cores); figures go to BENCHMARKS.md
#   benchmarks/run.sh --smoke    one short iteration of each (about a minute); proves everything still runs,
#                                enforces no target (run by `mvn -B verify` in the benchmarks module)
#
# Needs the built jars: mvn -B -q package -DskipTests (from the repository root).
# Whole-process times use hyperfine when it is installed (apt-get install hyperfine), otherwise a loop timed
# with `date +%s%N`; the results say which. Results: benchmarks/target/results/results.md (+ raw files).
# JAVA=/path/to/java selects the JDK (default: java on PATH); BENCH_TIMER=loop forces the date loop.
set -euo pipefail

mode=full
case "${1:-}" in
  "" | --full) mode=full ;;
  --smoke) mode=smoke ;;
  -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
  *) echo "run.sh: unknown argument '$1'; use --full (default) or --smoke" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java=${JAVA:-java}
agent=$root/agent/target/custody-agent.jar
port=$root/runtime-port/target/runtime-port.jar
bench=$root/benchmarks/target/benchmarks.jar
floor=$root/benchmarks/target/benchmarks-floor-agent.jar
out=$root/benchmarks/target/results
for jar in "$agent" "$port" "$bench" "$floor"; do
  if [[ ! -f $jar ]]; then
    echo "run.sh: $jar is missing; build first with: mvn -B -q package -DskipTests" >&2
    exit 1
  fi
done
mkdir -p "$out"
results=$out/results.md
: >"$results"
# The agent's transformation cache for this run: empty at the start, filled by each step's warm-up run.
cache=$out/cache
rm -rf "$cache"

# JDK 23+ prints Byte Buddy's sun.misc.Unsafe warning without this; 17 ignores it (toolchain.md pitfall 2).
jflags=(-XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow)
cp_all=$bench:$agent

if [[ $mode == smoke ]]; then
  llama_args=(llama --quiet --layers 1 --steps 2)
  llama_long_args=()
  runs=1 warmup=0
  llama_rounds=1
  startup_runs=2
  ingest_native=100000 ingest_legacy=20000 ingest_warmup=10000 ingest_client_warmup=10000
  live=20000
else
  llama_args=(llama --quiet)
  llama_long_args=(llama --quiet --steps 64)
  runs=5 warmup=1
  llama_rounds=21
  startup_runs=10
  ingest_native=4000000 ingest_legacy=2000000 ingest_warmup=500000 ingest_client_warmup=200000
  live=1000000
fi

use_hyperfine=false
if [[ ${BENCH_TIMER:-} != loop ]] && command -v hyperfine >/dev/null; then
  use_hyperfine=true
fi
if $use_hyperfine; then
  timer="hyperfine $(hyperfine --version | awk '{print $2}') (median of $runs runs after $warmup warm-up)"
else
  timer="a bash loop timed with date +%s%N (median of $runs runs after $warmup warm-up)"
fi

say() { printf '%s\n' "$*" | tee -a "$results"; }
step() { printf '\n== %s\n' "$*" >&2; }

# measure NAME RUNS WARMUP CMD... : prints "median_s mean_s stddev_s" of the command's wall time.
measure() {
  local name=$1 n=$2 w=$3
  shift 3
  if $use_hyperfine; then
    local json=$out/time-$name.json
    hyperfine -N --style basic --warmup "$w" --runs "$n" --export-json "$json" -n "$name" "$*" >&2
    local med mean sd
    med=$(grep -o '"median": *[0-9.e+-]*' "$json" | head -1 | awk '{print $2}')
    mean=$(grep -o '"mean": *[0-9.e+-]*' "$json" | head -1 | awk '{print $2}')
    sd=$(grep -o '"stddev": *[0-9.e+-]*' "$json" | head -1 | awk '{print $2}')
    echo "$med $mean ${sd:-0}"
  else
    local i t0 t1
    for ((i = 0; i < w; i++)); do "$@" >/dev/null 2>&1; done
    for ((i = 0; i < n; i++)); do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1
      t1=$(date +%s%N)
      echo $((t1 - t0))
    done | sort -n | awk '{v[NR]=$1/1e9; s+=v[NR]; q+=v[NR]*v[NR]}
      END {m=s/NR; med=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; sd=(NR>1)?sqrt((q-NR*m*m)/(NR-1)):0;
           printf "%.6f %.6f %.6f\n", med, m, sd}'
  fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
# The verdict compares the unrounded ratio: 1.152 prints as 1.15 but misses a 1.15 target.
exact() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.6f", a/b}'; }
# Three decimals where a two-decimal ratio could read as the 1.15 target itself.
ratio3() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r <= t) ? "met" : "MISSED"}'; }
atleast() { awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t) ? "met" : "MISSED"}'; }
ms() { awk -v s="$1" 'BEGIN {printf "%.0f", s*1000}'; }

# A server for the "streaming to a server" runs; stopped on exit whatever happens.
server_pid=
stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT
start_server() {
  local sock=$1
  rm -f "$sock"
  "$java" "${jflags[@]}" -jar "$agent" server --socket "$sock" --quiet \
    --stats-interval 0 >"$out/server.log" 2>&1 &
  server_pid=$!
  local i
  for ((i = 0; i < 300; i++)); do
    [[ -S $sock ]] && return 0
    sleep 0.1
  done
  echo "run.sh: the server did not create $sock within 30 s; see $out/server.log" >&2
  exit 1
}

say "# Custody benchmark results ($mode run, $(date -u '+%Y-%m-%d %H:%M UTC'))"
say ""
say "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; JDK: $("$java" -version 2>&1 | head -1)"
say "Whole-process timer: $timer"
say "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------------- 1
step "1/5 buffer lifecycle overhead (JMH)"
if [[ $mode == smoke ]]; then
  jmh_args=(--smoke)
else
  # 6 rounds, each one fork of every configuration, the order reversed every other round: the machine's drift over
  # minutes then slows every configuration alike, and each round gives one ratio per configuration.
  jmh_args=(--rounds 6 --f 1 --wi 3 --w 1s --i 3 --r 1s)
fi
"$java" -cp "$bench" dev.custody.bench.OverheadMain --agent "$agent" "${jmh_args[@]}" --out "$out/overhead.md" \
  >"$out/jmh.log" 2>&1 || { tail -50 "$out/jmh.log" >&2; echo "run.sh: JMH failed; see $out/jmh.log" >&2; exit 1; }
say ""
say "## Buffer lifecycle (JMH $(if [[ $mode == smoke ]]; then echo "smoke: -wi 0 -i 1 -r 100ms"; else echo "6 interleaved rounds of one fork per configuration, -wi 3 -w 1s -i 3 -r 1s"; fi), ns/op ± 99.9 % CI, ratio to no agent)"
say ""
say "\`advice\` is a control, not a level: the agent at level=track with every event delivered to a sink that drops it"
say "instead of the ledger. Its ratio is what the instrumentation alone costs; track minus advice is the ledger's share."
say ""
tee -a "$results" <"$out/overhead.md"
say ""
say "Per-round ratios of the same forks: each round's fork over the same round's no-agent fork, so that the machine's"
say "drift between rounds cancels; the median and a distribution-free 95 % interval for it (order statistics; none"
say "with fewer than 6 rounds). The targets are judged on the table above; an interval containing the target means the"
say "run cannot tell."
say ""
tee -a "$results" <"$out/overhead.md.rounds"
# The ledger alone: LedgerCycleBenchmark calls the events of one DRAM lifecycle on a Ledger directly (the agent jar
# supplies the classes; no -javaagent), the allocator's two inside the allocator's monitor as the runtime delivers
# them; its control, runtimeLocks, is those two critical sections alone; meshCycle is a replicated mesh buffer's
# lifecycle on a 2x4 mesh the same way. A tighter loop for work on the hot path.
if [[ $mode == smoke ]]; then
  ledger_args=(-f 1 -wi 0 -i 1 -r 100ms)
else
  ledger_args=(-f 3 -wi 3 -w 1s -i 5 -r 1s)
fi
"$java" -cp "$bench:$agent" org.openjdk.jmh.Main LedgerCycleBenchmark "${ledger_args[@]}" -rf csv -rff "$out/ledger.csv" \
  >"$out/ledger.log" 2>&1 || { tail -50 "$out/ledger.log" >&2; echo "run.sh: LedgerCycleBenchmark failed; see $out/ledger.log" >&2; exit 1; }
# ledger_score NAME: "score ± error" of LedgerCycleBenchmark.NAME from the CSV.
ledger_score() {
  awk -F, -v name="LedgerCycleBenchmark.$1" '{gsub(/"/, "")} $1 ~ name"$" {
    if ($6 == "NaN") printf "%.1f", $5; else printf "%.1f ± %.1f", $5, $6 }' "$out/ledger.csv"
}
say ""
say "The ledger alone (LedgerCycleBenchmark: the events of one DRAM lifecycle called on a Ledger directly, the allocator's"
say "two inside its monitor as the runtime delivers them; no runtime, no advice; JMH ${ledger_args[*]}):"
say "$(ledger_score dramCycle) ns per cycle, against $(ledger_score runtimeLocks) ns for the two critical sections alone."
say "A replicated mesh buffer's lifecycle on a 2x4 mesh, the same way (meshCycle, its two critical sections included):"
say "$(ledger_score meshCycle) ns per cycle."

# ---------------------------------------------------------------------------------------------------- 2
step "2/5 llama wall time"
sock=/tmp/custody-bench-$$.sock
# sample NAME CMD... : runs the command once and appends its wall time (ns, date +%s%N) to $out/samples-NAME and
# its CPU time (user and system seconds, from bash's time keyword) to $out/cpu-NAME.
# A failing run stops run.sh and shows that run's standard error (a floor agent without its server, for example).
sample() {
  local name=$1 t0 t1 status=0 TIMEFORMAT='%3U %3S'
  shift
  t0=$(date +%s%N)
  { time "$@" >/dev/null 2>"$out/stderr-$name"; } 2>>"$out/cpu-$name" || status=$?
  t1=$(date +%s%N)
  if ((status != 0)); then
    echo "run.sh: $name exited with status $status; its standard error:" >&2
    tail -20 "$out/stderr-$name" >&2
    exit 1
  fi
  echo $((t1 - t0)) >>"$out/samples-$name"
}
# median_cpu NAME : the median of the user + system seconds in $out/cpu-NAME.
median_cpu() {
  awk '{print $1 + $2}' "$out/cpu-$1" | sort -n |
    awk '{v[NR]=$1} END {printf "%.6f\n", (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}'
}
# paired BASE NAME : the median of the per-round ratios samples-NAME / samples-BASE and its 95 % interval, as
# "1.184 (1.163–1.222)" (PairedRatio: order statistics, no assumption on the distribution); "(n/a)" under 6 rounds.
paired() {
  local r med lo hi
  r=$("$java" -cp "$bench" dev.custody.bench.PairedRatio "$out/samples-$1" "$out/samples-$2") || exit 1
  read -r med lo hi _ <<<"$r"
  if [[ $lo == n/a ]]; then echo "$med (n/a)"; else echo "$med ($lo–$hi)"; fi
}
# median_s NAME : the median of $out/samples-NAME, in seconds.
median_s() {
  sort -n "$out/samples-$1" | awk '{v[NR]=$1/1e9} END {printf "%.6f\n", (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}'
}
# One row: no agent, the two floors, level=track and streaming are run in turn, round after round ($llama_rounds
# rounds after one warm-up round), so that a machine whose speed drifts during the run (a shared 2-core VM does, by
# ±10 % over minutes) slows all five alike; the ratios compare runs made seconds apart. The floors are the do-nothing
# agent of benchmarks/src/main/java/dev/custody/bench/floor: what the JVM charges any instrumenting agent (a
# transformer that changes nothing), and any agent that streams over a Unix socket (the same, plus one connection
# to the server). The server runs for the whole row; idle, it waits in accept(). The first-run column (cache=off)
# is not a target and is timed afterwards.
llama_rows() {
  local label=$1
  shift
  local none=(llama-$label-none "$java" "${jflags[@]}" -jar "$port" "$@")
  local floor0=(llama-$label-floor "$java" "${jflags[@]}" "-javaagent:$floor" -jar "$port" "$@")
  local track=(llama-$label-track "$java" "${jflags[@]}" "-javaagent:$agent=level=track,cache=$cache" -jar "$port" "$@")
  local floor1=(llama-$label-floorsock "$java" "${jflags[@]}" "-javaagent:$floor=unix:$sock" -jar "$port" "$@")
  local served=(llama-$label-server "$java" "${jflags[@]}"
    "-javaagent:$agent=level=track,server=unix:$sock,cache=$cache" -jar "$port" "$@")
  rm -f "$out"/samples-llama-"$label"-* "$out"/cpu-llama-"$label"-*
  start_server "$sock"
  local i
  for ((i = 0; i < warmup; i++)); do
    sample "${none[@]}"
    sample "${floor0[@]}"
    sample "${track[@]}"
    sample "${floor1[@]}"
    sample "${served[@]}"
  done
  rm -f "$out"/samples-llama-"$label"-* "$out"/cpu-llama-"$label"-* # the warm-up round is not counted
  for ((i = 0; i < llama_rounds; i++)); do
    sample "${none[@]}"
    sample "${floor0[@]}"
    sample "${track[@]}"
    sample "${floor1[@]}"
    sample "${served[@]}"
  done
  stop_server
  local cold n f0 t f1 s c
  cold=$(measure "llama-$label-cold" "$runs" "$warmup" "$java" "${jflags[@]}" \
    "-javaagent:$agent=level=track,cache=off" -jar "$port" "$@")
  n=$(median_s "llama-$label-none")
  f0=$(median_s "llama-$label-floor")
  t=$(median_s "llama-$label-track")
  f1=$(median_s "llama-$label-floorsock")
  s=$(median_s "llama-$label-server")
  c=$(echo "$cold" | cut -d' ' -f1)
  local cn cf0 ct cf1 cs
  cn=$(median_cpu "llama-$label-none")
  cf0=$(median_cpu "llama-$label-floor")
  ct=$(median_cpu "llama-$label-track")
  cf1=$(median_cpu "llama-$label-floorsock")
  cs=$(median_cpu "llama-$label-server")
  local base=llama-$label-none
  pair_rows+=("| \`$*\` | $(paired "$base" "llama-$label-floor") | $(paired "$base" "llama-$label-track") | $(paired "$base" "llama-$label-floorsock") | $(paired "$base" "llama-$label-server") |")
  cpu_rows+=("| \`$*\` | $(ms "$cn") ms | $(ms "$cf0") ms ($(ratio3 "$cf0" "$cn")×) | $(ms "$ct") ms ($(ratio3 "$ct" "$cn")×) | $(ms "$cf1") ms ($(ratio3 "$cf1" "$cn")×) | $(ms "$cs") ms ($(ratio3 "$cs" "$cn")×) |")
  say "| \`$*\` | $(ms "$n") ms | $(ms "$f0") ms ($(ratio3 "$f0" "$n")×) | $(ms "$t") ms ($(ratio3 "$t" "$n")× $(verdict "$(exact "$t" "$n")" 1.15)) | $(ms "$f1") ms ($(ratio3 "$f1" "$n")×) | $(ms "$s") ms ($(ratio3 "$s" "$n")× $(verdict "$(exact "$s" "$n")" 1.15)) | $(ms "$c") ms ($(ratio "$c" "$n")×) |"
}
say ""
say "## llama wall time (median; target ≤ 1.15× no agent)"
say ""
say "No agent, the two floors, level=track and streaming alternate, $llama_rounds rounds after $warmup warm-up round(s),"
say "each run timed with date +%s%N; medians. A floor is a do-nothing agent (benchmarks-floor-agent.jar): its ratio is"
say "what the JVM charges any agent doing the same, and no target applies to it. The agent runs use the transformation"
say "cache in $cache (filled by the warm-up round); the last column is a first run, every class transformed by Byte"
say "Buddy (cache=off), $timer."
say ""
say "| command | no agent | floor: -javaagent, no-op transformer | level=track | floor: the same + one Unix socket connection | level=track, streaming to a server | level=track, first run (cache=off) |"
say "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
cpu_rows=()
pair_rows=()
llama_rows default "${llama_args[@]}"
if [[ ${#llama_long_args[@]} -gt 0 ]]; then
  llama_rows long "${llama_long_args[@]}"
fi
say ""
say "CPU time of the same runs (user + system over all the process's threads; medians; not a target): what each agent"
say "adds on every thread, the compiler threads included, however the two cores were shared."
say ""
say "| command | no agent | floor | level=track | floor + socket | streaming |"
say "| --- | ---: | ---: | ---: | ---: | ---: |"
for row in "${cpu_rows[@]}"; do say "$row"; done
# The interval's exact coverage depends only on the number of rounds: ask once.
pair_coverage=$("$java" -cp "$bench" dev.custody.bench.PairedRatio "$out/samples-llama-default-none" \
  "$out/samples-llama-default-track" | cut -d' ' -f4)
[[ $pair_coverage == n/a ]] && pair_coverage=
say ""
say "Per-round ratios of the same runs: each round's agent run over the same round's no-agent run, so that the machine's"
say "drift between rounds cancels; the median and a distribution-free 95 % interval for it (order statistics${pair_coverage:+, coverage $pair_coverage %})."
say "The target is judged on the ratio of medians above; an interval that contains 1.15 means the run cannot tell."
say ""
say "| command | floor | level=track | floor + socket | streaming |"
say "| --- | ---: | ---: | ---: | ---: |"
for row in "${pair_rows[@]}"; do say "$row"; done

# ---------------------------------------------------------------------------------------------------- 3
step "3/5 start-up"
startup() {
  measure "startup-$1" "$startup_runs" "$warmup" "$java" "${jflags[@]}" "${@:2}" -cp "$bench" dev.custody.bench.StartupApp |
    cut -d' ' -f1
}
p=$(startup none)
off=$(startup off "-javaagent:$agent=level=off")
cnt=$(startup count "-javaagent:$agent=level=count,cache=$cache")
a=$(startup track "-javaagent:$agent=cache=$cache")
first=$(startup first "-javaagent:$agent=cache=off")
# A rules file naming a JDK class: the agent reads it, puts its bootstrap package on the boot class path and
# retransforms the already loaded class, from the cache after the warm-up run (not a target).
startup_rules=$out/startup.rules
printf '%s\n' "acquire java.io.FileInputStream.<init>" "release java.io.FileInputStream.close" >"$startup_rules"
rules=$(startup rules "-javaagent:$agent=cache=$cache,rules=$startup_rules")
added() { awk -v a="$1" -v p="$p" 'BEGIN {printf "%+.0f", (a-p)*1000}'; }
say ""
say "## Start-up of a tiny port application (open a device, one buffer, exit; median of $startup_runs)"
say ""
say "| no agent | -javaagent, level=off | level=count | level=track (the default) | added by the default agent (target ≤ +150 ms) | level=track, first run (cache=off) | level=track with a rules file naming java.io.FileInputStream (not a target) |"
say "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
say "| $(ms "$p") ms | $(ms "$off") ms ($(added "$off") ms) | $(ms "$cnt") ms ($(added "$cnt") ms) | $(ms "$a") ms | $(added "$a") ms ($(awk -v d="$(added "$a")" 'BEGIN {print (d <= 150) ? "met" : "MISSED"}')) | $(ms "$first") ms ($(added "$first") ms) | $(ms "$rules") ms ($(added "$rules") ms) |"

# ---------------------------------------------------------------------------------------------------- 4
step "4/5 server ingest"
say ""
say "## Server ingest (events the server applied per second, all clients together; server warmed up with $ingest_warmup events)"
say ""
say "Native clients run twice: warmed (each client first sends $ingest_client_warmup events of its own, unmeasured, so that"
say "its JIT has compiled its path, as a running agent's has), which the target is judged on; and fresh, where the"
say "client JVMs compile while they are measured, K compilers beside the server on two cores (not a target)."
say ""
say "| frames | client processes | clients | events | seconds | events/s | target | dropped |"
say "| --- | ---: | --- | ---: | ---: | ---: | --- | ---: |"
ingest_row() {
  local m=$1 k=$2 n=$3 target=$4 cw=${5:-0} line
  line=$("$java" "${jflags[@]}" -cp "$cp_all" dev.custody.bench.IngestMain --agent-jar "$agent" --mode "$m" \
    --clients "$k" --events "$n" --warmup-events "$ingest_warmup" --client-warmup-events "$cw" \
    | tee -a "$out/ingest.log" | grep '^ingest ')
  local ev sec rate dropped
  ev=$(sed 's/.* events=\([0-9]*\).*/\1/' <<<"$line")
  sec=$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<<"$line")
  rate=$(sed 's/.* events_per_s=\([0-9]*\).*/\1/' <<<"$line")
  dropped=$(sed 's/.* dropped=\([0-9]*\).*/\1/' <<<"$line")
  local label=$([[ $m == native ]] && echo "native EVENTS (ServerClient)" || echo "legacy 112-byte")
  local clients verdict="≥ $target total ($(atleast "$rate" "$target"))"
  if [[ $m == legacy ]]; then
    clients="encoded once"
  elif ((cw > 0)); then
    clients="warmed ($cw events each)"
  else
    clients="fresh JVMs"
    verdict="not a target (≥ $target: $(atleast "$rate" "$target"))"
  fi
  say "| $label | $k | $clients | $ev | $sec | $rate | $verdict | $dropped |"
}
: >"$out/ingest.log"
ingest_row native 1 "$ingest_native" 3000000 "$ingest_client_warmup"
ingest_row native 4 "$ingest_native" 3000000 "$ingest_client_warmup"
ingest_row native 1 "$ingest_native" 3000000
ingest_row native 4 "$ingest_native" 3000000
ingest_row legacy 1 "$ingest_legacy" 1000000
ingest_row legacy 4 "$ingest_legacy" 1000000

# ---------------------------------------------------------------------------------------------------- 5
step "5/5 memory per live allocation"
mem_line() { grep '^live-buffers' | sed 's/.*per-buffer=\([0-9.-]*\).*/\1/'; }
base=$("$java" "${jflags[@]}" -Xmx4g -cp "$bench" dev.custody.bench.LiveBuffersMain "$live" | tee -a "$out/memory.log" | mem_line)
tracked=$("$java" "${jflags[@]}" -Xmx4g "-javaagent:$agent=level=track,report=none" -cp "$bench" \
  dev.custody.bench.LiveBuffersMain "$live" | tee -a "$out/memory.log" | mem_line)
agent_bytes=$(awk -v t="$tracked" -v b="$base" 'BEGIN {printf "%.1f", t-b}')
server_bytes=$("$java" "${jflags[@]}" -Xmx4g -cp "$cp_all" dev.custody.bench.ServerMemoryMain --agent-jar "$agent" \
  --live "$live" | tee -a "$out/memory.log" | grep '^server-memory' | sed 's/.*per-allocation=\([0-9.-]*\).*/\1/')
say ""
say "## Memory per live tracked allocation ($live live buffers; heap after full GC)"
say ""
say "| where | bytes per live allocation | target |"
say "| --- | ---: | --- |"
say "| agent (level=track; $tracked B/buffer with the agent − $base B/buffer without) | $agent_bytes | ≤ 100 ($(verdict "$agent_bytes" 100)) |"
say "| server (in-process heap growth / allocations held) | $server_bytes | ≤ 64 ($(verdict "$server_bytes" 64)) |"

say ""
say "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo >&2
echo "run.sh: $mode run complete; results in $results" >&2

#!/usr/bin/env bash
# Installs every Debian package that dipgraph's build, tests, benchmarks and demo need.
# Idempotent: when everything is present it only checks and returns (well under a second).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config            # build
  libboost-program-options-dev                # CLI
  libboost-test-dev                           # unit tests
  libboost-graph-dev                          # graph module
  rapidjson-dev                               # JSON lines in and out
  libsqlite3-dev sqlite3                      # event store
  libssl-dev                                  # event store: SHA-256 content hashes
  libbenchmark-dev time                       # scripts/bench.sh (time: peak RSS)
  iso-codes                                   # lexicon test: ISO 3166 codes
  python3                                     # scripts/make_corpus
  graphviz libxml2-utils python3-networkx     # rendering and export checks
  libboost-mpi-dev openmpi-bin                # dipgraph-mpi (cmake -DDIPGRAPH_MPI=ON)
  clang-14 libclang-rt-14-dev                 # scripts/fuzz.sh (libFuzzer runtime)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >&2
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2

#!/usr/bin/env bash
# Prints the version line of each real-stack binary in the folder given (scripts/realstack-build.sh
# calls it after a build). Each binary's whole output is read before its first line is printed:
# `etcd --version | head -1` under pipefail could fail when head closed the pipe while etcd was
# still writing (SIGPIPE, exit 141), which happened once after a cold build.
set -euo pipefail

BIN="${1:?usage: realstack-versions.sh <bin folder>}"

first_line() {
  local out
  out="$("$@")"
  printf '%s\n' "${out%%$'\n'*}"
}

first_line "$BIN/kube-apiserver" --version
first_line "$BIN/etcd" --version

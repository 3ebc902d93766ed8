#!/usr/bin/env bash
# The README's first command: install, build, provision the embedded control plane (a Go build
# of the pinned upstream programs on a fresh machine, cached afterwards), start it, break it in
# a few known ways, and run k8sdoc's main job on it.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
k8sdoc() { node bin/run.js "$@"; }
k8sdoc cluster provision
k8sdoc cluster up
for scenario in crashloop pending-insufficient-cpu image-pull-unauthorized service-no-endpoints; do
  k8sdoc cluster scenario apply "$scenario"
done
export KUBECONFIG="$(k8sdoc cluster kubeconfig)"
set +e
k8sdoc diagnose -A
status=$?
set -e
echo
echo "diagnose exited with $status (1 = findings at or above --fail-on error, as expected here)."
echo "Next: k8sdoc diagnose deployment/payments-api -n crashloop, k8sdoc get pods -A, k8sdoc cluster scenario list;"
echo "      k8sdoc cluster down when done."

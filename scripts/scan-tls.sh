#!/usr/bin/env bash
# TLS scan of a Rampart HTTPS endpoint with testssl.sh (Debian package "testssl.sh").
#
#   scripts/scan-tls.sh HOST:PORT [--self-signed]
#
# Fails (exit 1) on any finding rated MEDIUM or worse. With --self-signed, the findings that only
# say the certificate is not signed by a trusted CA (chain of trust, no CRL/OCSP URI) are allowed:
# that is what Rampart's first-start certificate is. Operators with a real certificate leave the
# flag off. Prints every finding LOW or worse either way.
set -euo pipefail
target=${1:?usage: scan-tls.sh HOST:PORT [--self-signed]}
self_signed=${2:-}
command -v testssl >/dev/null || { echo "testssl not installed: apt-get install testssl.sh" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
testssl --quiet --color 0 --warnings batch --severity LOW --jsonfile "$out/findings.json" "$target" > "$out/report.txt" 2>&1 || true
[ -s "$out/findings.json" ] || { cat "$out/report.txt"; echo "testssl produced no findings file" >&2; exit 2; }
python3 - "$out/findings.json" "$self_signed" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))
self_signed = sys.argv[2] == "--self-signed"
# What a self-signed certificate means and nothing else.
trust_only = {"cert_chain_of_trust", "cert_revocation", "cert_trust", "cert_caIssuers", "OCSP_stapling"}
rank = {"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}
failed = []
for f in findings:
    severity = f.get("severity", "INFO")
    if severity not in rank:
        continue
    allowed = self_signed and f["id"] in trust_only
    mark = "allowed (self-signed)" if allowed else ("FAIL" if rank[severity] >= 2 else "note")
    print(f"{severity:8} {f['id']:28} {mark:22} {f.get('finding', '')}")
    if rank[severity] >= 2 and not allowed:
        failed.append(f["id"])
if failed:
    print("TLS scan FAILED: " + ", ".join(failed))
    sys.exit(1)
print("TLS scan passed: no finding MEDIUM or worse" + (" besides the self-signed certificate's trust" if self_signed else ""))
PY

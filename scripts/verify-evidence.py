#!/usr/bin/env python3
"""Verify a revctl evidence pack with nothing but the Python 3 standard library and docs/ledger.md.

usage: verify-evidence.py PACK_DIR [--live LATER_LEDGER_EXPORT.jsonl]

Checks, in order:
  1. manifest.json lists every file of the pack (and nothing else) with its size and SHA-256, and SHA256SUMS agrees;
  2. every entry of ledger.jsonl hashes to its `hash` under the canonical form of docs/ledger.md, and each chain runs
     seq 1..n with each prevHash equal to the previous entry's hash (64 zeros for the first);
  3. verification.json names exactly the chains of the export, each with the last seq and hash recomputed here;
  4. with --live (a `revctl ledger export` taken later): every chain of the pack is still there with the same entries
     up to the pack's head (a chain deleted whole, which the ledger table alone cannot show, is reported).
Exit 0 when every check passes, 1 otherwise (each problem on its own line), 2 on usage errors.
"""
import hashlib
import json
import os
import sys

ZEROS = "0" * 64
KEYS = ["chain", "data", "decision", "eventId", "eventSource", "occurredAt", "prevHash", "reason", "recordedAt", "seq", "type"]
SELF = {"manifest.json", "SHA256SUMS"}


def canonical(e):
    def s(v):
        if v is None:
            return "null"
        out = '"'
        for c in v:
            out += '\\"' if c == '"' else '\\\\' if c == '\\' else ('\\u%04x' % ord(c)) if ord(c) < 0x20 else c
        return out + '"'
    return "{" + ",".join(f'"{k}":' + (str(e[k]) if k == "seq" else s(e[k])) for k in KEYS) + "}"


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_chains(path, problems, label):
    chains = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                chains.setdefault(e["chain"], []).append(e)
            except (ValueError, KeyError) as x:
                problems.append(f"{label} line {n}: not a ledger entry ({x})")
    for entries in chains.values():
        entries.sort(key=lambda e: e["seq"])
    return chains


def verify_chain(chain, entries, problems):
    prev, expected = ZEROS, 1
    for e in entries:
        if e["seq"] != expected:
            problems.append(f"chain {chain!r} entry {e['seq']}: expected sequence {expected} (entry missing or inserted)")
        if e["prevHash"] != prev:
            problems.append(f"chain {chain!r} entry {e['seq']}: prevHash does not match the previous entry")
        if hashlib.sha256(canonical(e).encode("utf-8")).hexdigest() != e["hash"]:
            problems.append(f"chain {chain!r} entry {e['seq']}: content does not match its hash (modified)")
        prev, expected = e["hash"], e["seq"] + 1
    return (entries[-1]["seq"], entries[-1]["hash"]) if entries else (0, ZEROS)


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--live"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    pack = argv[1]
    problems = []
    try:
        with open(os.path.join(pack, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as x:
        print(f"manifest.json: cannot be read ({x})")
        return 1

    listed = {f["path"]: f for f in manifest.get("files", [])}
    present = {n for n in os.listdir(pack) if os.path.isfile(os.path.join(pack, n))} - SELF
    for name in sorted(present - set(listed)):
        problems.append(f"{name}: in the pack but not in the manifest (added)")
    for name in sorted(set(listed) - present):
        problems.append(f"{name}: in the manifest but not in the pack (deleted)")
    for name in sorted(set(listed) & present):
        path = os.path.join(pack, name)
        if os.path.getsize(path) != listed[name]["bytes"] or sha256_file(path) != listed[name]["sha256"]:
            problems.append(f"{name}: SHA-256 differs from the manifest (modified)")
    if manifest.get("policySha256") != listed.get("policies.json", {}).get("sha256"):
        problems.append("manifest.json: policySha256 is not the SHA-256 of policies.json")
    sums = os.path.join(pack, "SHA256SUMS")
    if os.path.isfile(sums):
        with open(sums, encoding="utf-8") as f:
            for line in f:
                digest, _, name = line.rstrip("\n").partition("  ")
                if not os.path.isfile(os.path.join(pack, name)) or sha256_file(os.path.join(pack, name)) != digest:
                    problems.append(f"SHA256SUMS: {name} does not match")

    chains = read_chains(os.path.join(pack, "ledger.jsonl"), problems, "ledger.jsonl")
    heads = {chain: verify_chain(chain, entries, problems) for chain, entries in chains.items()}
    with open(os.path.join(pack, "verification.json"), encoding="utf-8") as f:
        verification = json.load(f)
    recorded = {c["chain"]: (c["lastSeq"], c["lastHash"]) for c in verification["chains"] if c["lastSeq"] > 0}
    for chain in sorted(set(heads) | set(recorded)):
        if heads.get(chain) != recorded.get(chain):
            problems.append(f"verification.json: chain {chain!r} head {recorded.get(chain)} but the export gives {heads.get(chain)}")

    if len(argv) == 4:
        live = read_chains(argv[3], problems, "live export")
        for chain, (seq, digest) in sorted(recorded.items()):
            if chain not in live:
                problems.append(f"chain {chain!r}: in the evidence pack ({seq} entries) but not in the live ledger: deleted")
                continue
            upto = [e for e in live[chain] if e["seq"] <= seq]
            if [e["hash"] for e in upto] != [e["hash"] for e in chains.get(chain, [])]:
                problems.append(f"chain {chain!r}: entries 1..{seq} differ from the evidence pack (rewritten or cut)")

    for p in problems:
        print(p)
    print(f"{'FAILED' if problems else 'ok'}: {len(listed)} files, {len(chains)} chains, {sum(len(v) for v in chains.values())} entries checked"
          + (f", compared with {argv[3]}" if len(argv) == 4 else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Compares our top-20 lists with PostgreSQL's and prints the peer benchmark's table.

Usage: report.py WORK_DIR   (the files scripts/bench-peer wrote there)
  queries.tsv         kind<TAB>query id (from peer_export)
  pg_explain.N.txt    per round N: "@@ kind query" lines, each followed by one EXPLAIN
                      (FORMAT JSON) result
  pg_results.tsv      kind<TAB>query<TAB>id<TAB>score, in PostgreSQL's output order
  pg_counts.tsv       kind<TAB>query<TAB>pairs before the gates<TAB>pairs after them
  ours_results.tsv    kind<TAB>query<TAB>rank<TAB>id<TAB>score (peer_bench --results)
  ours_samples.N.tsv  per round N: kind<TAB>query<TAB>ms<TAB>cpu ms, every timed repetition
  ours.txt            peer_bench's summary lines (round 1)
Exits 1 when any query's list differs (ids in order, scores within 1e-6), or when the
two sides do not rank the same number of pairs after the gates.
"""
import collections
import glob
import json
import statistics
import sys

TOLERANCE = 1e-6


def quantile(values, q):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def read_lists(path, has_rank):
    lists = collections.defaultdict(list)
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4:
                continue
            kind, query = fields[0], fields[1]
            ident, score = (fields[3], fields[4]) if has_rank else (fields[2], fields[3])
            lists[(kind, query)].append((ident, float(score)))
    return lists


def find_workers(node):
    found = node.get("Workers Launched", 0)
    for child in node.get("Plans", []):
        found = max(found, find_workers(child))
    return found


def read_explain(path, runs):
    """Adds to runs[(kind, query)] [(planning ms, execution ms, JIT ms, parallel workers
    launched)], the first run of each query in this file (the warm-up) dropped."""
    found = collections.defaultdict(list)
    key, chunk = None, []

    def flush():
        if key is not None and chunk:
            plan = json.loads("".join(chunk))[0]
            jit = plan.get("JIT", {}).get("Timing", {}).get("Total", 0.0)
            workers = plan["Plan"].get("Workers Launched", 0)
            for node in plan["Plan"].get("Plans", []):
                workers = max(workers, find_workers(node))
            found[key].append((plan["Planning Time"], plan["Execution Time"], jit, workers))

    with open(path) as f:
        for line in f:
            if line.startswith("@@ "):
                flush()
                _, kind, query = line.split()
                key, chunk = (kind, query), []
            else:
                chunk.append(line)
    flush()
    for k, v in found.items():
        runs[k].extend(v[1:])


def read_samples(paths):
    """(kind, query) -> every timed repetition of ours over the rounds: wall ms, and
    (kind, query) -> the process's CPU ms during each."""
    samples = collections.defaultdict(list)
    cpu = collections.defaultdict(list)
    for path in paths:
        with open(path) as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) >= 3:
                    samples[(fields[0], fields[1])].append(float(fields[2]))
                if len(fields) >= 4:
                    cpu[(fields[0], fields[1])].append(float(fields[3]))
    return samples, cpu


def main():
    work = sys.argv[1]
    queries = [tuple(l.rstrip("\n").split("\t")) for l in open(f"{work}/queries.tsv") if l.strip()]
    ours = read_lists(f"{work}/ours_results.tsv", has_rank=True)
    theirs = read_lists(f"{work}/pg_results.tsv", has_rank=False)
    explain = collections.defaultdict(list)
    explain_files = sorted(glob.glob(f"{work}/pg_explain.*.txt"))
    for path in explain_files:
        read_explain(path, explain)
    sample_files = sorted(glob.glob(f"{work}/ours_samples.*.tsv"))
    samples, cpu = read_samples(sample_files)
    considered = {}
    for line in open(f"{work}/ours.txt"):
        fields = line.split()
        if fields[:1] == ["query"]:
            considered[(fields[1], fields[2])] = int(dict(zip(fields[3::2], fields[4::2]))[
                "considered"])
    counts = {}
    for line in open(f"{work}/pg_counts.tsv"):
        fields = line.rstrip("\n").split("\t")
        if len(fields) == 4:
            counts[(fields[0], fields[1])] = (int(fields[2]), int(fields[3]))

    agree = collections.Counter()
    total = collections.Counter()
    worst = 0.0
    for kind, query in queries:
        total[kind] += 1
        a, b = ours.get((kind, query), []), theirs.get((kind, query), [])
        same = len(a) == len(b) and all(
            x[0] == y[0] and abs(x[1] - y[1]) <= TOLERANCE for x, y in zip(a, b))
        for x, y in zip(a, b):
            worst = max(worst, abs(x[1] - y[1]))
        if same:
            agree[kind] += 1
        else:
            print(f"DISAGREE {kind} {query}:")
            for i in range(max(len(a), len(b))):
                left = a[i] if i < len(a) else ("-", float("nan"))
                right = b[i] if i < len(b) else ("-", float("nan"))
                same_row = left[0] == right[0] and abs(left[1] - right[1]) <= TOLERANCE
                mark = "" if same_row else "  <--"
                print(f"  {i + 1:2d} ours {left[0]:>12} {left[1]:.17g}  "
                      f"pg {right[0]:>12} {right[1]:.17g}{mark}")

    names = {"offers": "RankOffers top-20 (one household, all offers)",
             "candidates": "RankCandidates top-20 (one offer, all candidates)"}
    print()
    print(f"rounds: PostgreSQL {len(explain_files)}, ours {len(sample_files)} (alternated)")
    print("| query | samples (queries × reps) | our p50 | our p95 | PostgreSQL p50 (exec) "
          "| PostgreSQL p95 | PG planning p50 | PG JIT p50 | PG workers "
          "| ratio (PG p50 / our p50) | agreement |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in ("offers", "candidates"):
        ours_ms = [ms for (k, _), values in samples.items() if k == kind for ms in values]
        if not ours_ms:
            continue
        our_p50, our_p95 = quantile(ours_ms, 0.5), quantile(ours_ms, 0.95)
        samples_pg = [run for (k, _), runs in explain.items() if k == kind for run in runs]
        pg_plan = [run[0] for run in samples_pg]
        pg_exec = [run[1] for run in samples_pg]
        pg_jit = [run[2] for run in samples_pg]
        pg_workers = max([run[3] for run in samples_pg] or [0])
        pg_p50 = quantile(pg_exec, 0.5)
        print(f"| {names[kind]} | ours {total[kind]} × {len(ours_ms) // max(1, total[kind])}, "
              f"PG {total[kind]} × {len(samples_pg) // max(1, total[kind])} "
              f"| {our_p50:.3f} ms | {our_p95:.3f} ms | {pg_p50:.1f} ms "
              f"| {quantile(pg_exec, 0.95):.1f} ms | {quantile(pg_plan, 0.5):.2f} ms "
              f"| {quantile(pg_jit, 0.5):.1f} ms | {pg_workers} "
              f"| {pg_p50 / our_p50:.1f}× | {agree[kind]}/{total[kind]} |")
    # Per query: the ratio of the two medians, so that a slow profession on one side is
    # compared with the same profession on the other.
    for kind in ("offers", "candidates"):
        ratios = []
        for (k, query), values in samples.items():
            if k == kind and explain.get((kind, query)):
                pg = statistics.median(run[1] for run in explain[(kind, query)])
                ratios.append(pg / statistics.median(values))
        if ratios:
            print(f"{kind}: per-query ratio PG p50 / our p50 over {len(ratios)} queries: "
                  f"median {statistics.median(ratios):.1f}×, min {min(ratios):.1f}×, "
                  f"max {max(ratios):.1f}×")
        ours_cpu = [ms for (k, _), values in cpu.items() if k == kind for ms in values]
        if ours_cpu:
            print(f"{kind}: our CPU time per query (both scan threads): p50 "
                  f"{quantile(ours_cpu, 0.5):.3f} ms, p95 {quantile(ours_cpu, 0.95):.3f} ms")
    # Pairs met by each query before the gates (same profession, offer open, household
    # active: what was scored before issue 18) and after them (what is ranked now).
    counts_agree = True
    print()
    print("| query | pairs before the gates (mean) | after, PostgreSQL (mean) "
          "| after, ours `considered` (mean) | after / before | counts equal |")
    print("|---|---|---|---|---|---|")
    for kind in ("offers", "candidates"):
        keys = [(k, q) for k, q in queries if k == kind and (k, q) in counts]
        if not keys:
            continue
        before = [counts[key][0] for key in keys]
        after = [counts[key][1] for key in keys]
        ours_after = [considered.get(key, -1) for key in keys]
        equal = sum(1 for a, b in zip(after, ours_after) if a == b)
        for key, a, b in zip(keys, after, ours_after):
            if a != b:
                counts_agree = False
                print(f"COUNT DIFFERS {key[0]} {key[1]}: PostgreSQL {a}, ours {b}")
        print(f"| {names[kind]} | {statistics.mean(before):,.0f} | {statistics.mean(after):,.0f} "
              f"| {statistics.mean(ours_after):,.0f} "
              f"| {sum(after) / max(1, sum(before)):.3f} | {equal}/{len(keys)} |")
    print()
    agreed, asked = sum(agree.values()), sum(total.values())
    print(f"agreement: {agreed}/{asked} queries identical (top-20 ids in order, scores within "
          f"{TOLERANCE:g}); largest score difference {worst:.3g}")
    for line in open(f"{work}/ours.txt"):
        if line.split()[:1] in (["load"], ["bandwidth"], ["floor"], ["bytes_scanned_hook"]):
            print(line.rstrip("\n"))
    return 0 if agreed == asked and counts_agree else 1


if __name__ == "__main__":
    sys.exit(main())

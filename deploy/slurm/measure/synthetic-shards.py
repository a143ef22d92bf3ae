# Synthetic shards of an evaluate run (plan + 10 shards, assignment by the documented rule), to time `jdml merge`:
#   python3 synthetic-shards.py 1000000 RUN && /usr/bin/time -v jdml merge --out RUN   (docs/scale-out.md)
import hashlib, json, os, random, sys
n = int(sys.argv[1]); N = 10; out = sys.argv[2]; root = "/data/archive"
random.seed(1)
shards = {i: [] for i in range(N)}
listing = hashlib.sha256()
for i in range(n):
    rel = f"p{i // 1000:04d}/img{i:07d}.png"
    s = int.from_bytes(hashlib.sha256(rel.encode()).digest()[:8], "big") % N
    pos = random.random() < 0.3
    p = min(1.0, random.random() * 0.7 + (0.3 if pos else 0.0))
    shards[s].append((i, f"{root}/{rel}", "dislocated" if pos else "located", pos, p))
os.makedirs(f"{out}/shards", exist_ok=True)
plan = {"formatVersion": 1, "command": "evaluate", "count": N, "modelSha256": "0" * 64, "listingFingerprint": "f" * 64,
        "listingCount": n, "listingRoot": root, "settings": {"bootstrapReplicates": "none", "bootstrapSeed": "0",
        "leakageChecked": "true", "strict": "false", "threshold": "0.5", "title": "synthetic"}}
json.dump(plan, open(f"{out}/shards/plan.json", "w"), indent=2)
for s, rows in shards.items():
    d = f"{out}/shards/{s}-of-{N}"; os.makedirs(d, exist_ok=True)
    with open(f"{d}/records.csv", "w") as f:
        f.write("index,path,label,isPositive,probability,rawScore,predicted,threshold,sha256,copyOfTraining\n")
        for (i, path, label, pos, p) in rows:
            f.write(f"{i},{path},{label},{1 if pos else 0},{p!r},{p*4-2!r},{'dislocated' if p >= 0.5 else 'located'},0.5,{'a'*64},0\n")
    json.dump({"formatVersion": 1, "command": "evaluate", "index": s, "count": N, "modelSha256": "0" * 64,
               "listingFingerprint": "f" * 64, "records": len(rows), "skipped": 0,
               "recordIndexes": [r[0] for r in rows], "skippedFiles": []}, open(f"{d}/shard.json", "w"))

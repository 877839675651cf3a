#!/usr/bin/env python3
"""Fill in (or refresh with --force) the `result`/`error` of vectors from the current binary.

A golden vector is reviewed by a person when blessed; afterwards `cargo test` and mocha both
fail when the output changes. Usage: python3 scripts/bless-vectors.py [--force] FILE...
"""
import json, subprocess, sys

force = "--force" in sys.argv
files = [a for a in sys.argv[1:] if a != "--force"]
todo = []
for f in files:
    v = json.load(open(f))
    if force or ("result" not in v and "error" not in v):
        todo.append((f, v))
lines = [json.dumps({"jsonrpc": "2.0", "id": i, "method": v["method"], "params": v["params"]}) for i, (_, v) in enumerate(todo)]
out = subprocess.run(["target/release/connector-sidecar"], input="\n".join(lines) + "\n", capture_output=True, text=True).stdout
replies = {r["id"]: r for r in map(json.loads, out.splitlines())}
for i, (f, v) in enumerate(todo):
    r = replies[i]
    v.pop("result", None); v.pop("error", None)
    if "result" in r:
        v["result"] = r["result"]
    else:
        v["error"] = {"code": r["error"]["code"], "data": r["error"]["data"]}
    json.dump(v, open(f, "w"), indent=2, ensure_ascii=False)
    open(f, "a").write("\n")
    print(f"{f}: {'result' if 'result' in v else 'error ' + str(v['error'])}")

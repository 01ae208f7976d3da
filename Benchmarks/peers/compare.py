#!/usr/bin/env python3
"""Compares pathscan with networkx, igraph and rustworkx on the same generated graph.

The peers run plain breadth-first reachability over the same traversable edges (every edge
whose kind pathscan's built-in manifest maps to a class other than none); pathscan runs its
full tier semantics, which does at least as much work a node. Answers are checked where the
semantics coincide: on the sub-graph of inherit, control and invoke edges (no permissions, no
pivots), where pathscan's reach is exactly breadth-first reachability.

Usage: compare.py GRAPH.json MEASURE_BINARY PATHSCAN_BINARY [--sources N]
"""
import json
import subprocess
import sys
import tempfile
import time

import igraph
import networkx
import rustworkx

PLAIN = {"MemberOf", "HasRole", "CanAssume", "ActsAs", "AuthenticatesAs", "HasCredential", "OAuthGrant", "CanManage", "Owns", "CanInvoke"}
TRAVERSABLE = PLAIN | {"CanRead", "CanPropose", "CanAct", "CanAdmin", "Contains", "RunsAs", "Hosts"}


def load(path):
    with open(path, "rb") as f:
        document = json.load(f)
    nodes = [n["id"] for n in document["graph"]["nodes"]]
    kinds = {n["id"]: n["kinds"][0] for n in document["graph"]["nodes"]}
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[e["start"]["value"]], index[e["end"]["value"]], e["kind"]) for e in document["graph"]["edges"]
             if e["start"]["value"] in index and e["end"]["value"] in index]
    return nodes, kinds, index, edges


def timed(body):
    start = time.perf_counter()
    value = body()
    return time.perf_counter() - start, value


def main():
    graph_path, measure, pathscan = sys.argv[1:4]
    count = int(sys.argv[sys.argv.index("--sources") + 1]) if "--sources" in sys.argv else 200
    parse_s, (nodes, kinds, index, edges) = timed(lambda: load(graph_path))
    traversable = [(a, b) for a, b, k in edges if k in TRAVERSABLE]
    plain = [(a, b) for a, b, k in edges if k in PLAIN]
    agents = sorted(n for n in nodes if kinds[n] == "Agent")
    sources = [index[a] for a in agents[:count]]
    every_agent = [index[a] for a in agents]

    rows = []
    # Loading: parse the JSON and build the library's graph (what a user of each would do).
    build = {
        "networkx": lambda es: networkx.DiGraph(es) if es else networkx.DiGraph(),
        "igraph": lambda es: igraph.Graph(n=len(nodes), edges=es, directed=True),
        "rustworkx": lambda es: _rx(len(nodes), es),
    }
    reach = {
        "networkx": lambda g, v: networkx.descendants(g, v) if v in g else set(),
        "igraph": lambda g, v: set(g.subcomponent(v, mode="out")) - {v},
        "rustworkx": lambda g, v: set(rustworkx.descendants(g, v)),
    }
    peers = {}
    for name in ["networkx", "igraph", "rustworkx"]:
        build_s, g = timed(lambda: build[name](traversable))
        one_s, _ = timed(lambda: [reach[name](g, v) for v in sources])
        all_s = None
        if name != "networkx" or len(every_agent) <= 2000:
            all_s, _ = timed(lambda: [reach[name](g, v) for v in every_agent])
        peers[name] = {"load_s": parse_s + build_s, "single_ms": one_s * 1000 / len(sources), "all_s": all_s}

    # Agreement where semantics coincide: plain edges only.
    mismatches = 0
    checked = agents[:20]
    plain_graph = igraph.Graph(n=len(nodes), edges=plain, directed=True)
    manifest = {"relationship_kinds": [{"name": k, "class": "none"} for k in TRAVERSABLE - PLAIN]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(manifest, f)
        manifest_path = f.name
    for agent in checked:
        out = subprocess.run([pathscan, "reach", graph_path, "--from", agent, "--manifest", manifest_path, "--format", "json", "-q"],
                             capture_output=True, text=True, check=True)
        ours = {r["id"] for r in json.loads(out.stdout)["reached"]}
        theirs = {nodes[i] for i in plain_graph.subcomponent(index[agent], mode="out")} - {agent}
        theirs_rx = {nodes[i] for i in rustworkx.descendants(_rx(len(nodes), plain), index[agent])}
        if ours != theirs or ours != theirs_rx:
            mismatches += 1

    ours = json.loads(subprocess.run([measure, graph_path, "--sources", str(count), "--json"], capture_output=True, text=True,
                                     check=True).stdout.strip().splitlines()[-1])
    best_load = min(p["load_s"] for p in peers.values())
    best_single = min(p["single_ms"] for p in peers.values())
    best_all = min(p["all_s"] for p in peers.values() if p["all_s"] is not None)
    print(f"graph: {ours['nodes']} nodes, {ours['edges']} edges, {ours['agents']} agents; "
          f"{len(traversable)} traversable edges for the peers")
    print(f"agreement on plain reachability (inherit/control/invoke edges), {len(checked)} agents: "
          f"{'all agree' if mismatches == 0 else f'{mismatches} differ'}")
    print()
    print(f"{'':28}{'load (s)':>10}{'1 source (ms)':>15}{'all agents (s)':>16}")
    for name, p in peers.items():
        all_text = f"{p['all_s']:.2f}" if p["all_s"] is not None else "skipped"
        print(f"{name + ' (plain BFS)':28}{p['load_s']:>10.2f}{p['single_ms']:>15.3f}{all_text:>16}")
    print(f"{'pathscan (tier semantics)':28}{ours['import_s']:>10.2f}{ours['single_reach_ms']:>15.3f}{ours['all_agents_reach_s']:>16.2f}")
    print()
    print(f"pathscan vs best peer: load {best_load / ours['import_s']:.1f}x faster, single source "
          f"{best_single / ours['single_reach_ms']:.1f}x faster, all agents {best_all / ours['all_agents_reach_s']:.1f}x faster")
    print(f"pathscan: {ours['topology_bytes_per_edge']:.1f} bytes/edge topology, import peak {ours['import_peak_mb']:.0f} MB, "
          f"full scan {ours['scan_s']:.2f} s, peak {ours['peak_mb']:.0f} MB")
    return 0 if mismatches == 0 else 1


def _rx(n, edges):
    g = rustworkx.PyDiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from_no_data(edges)
    return g


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Times vesin (pip install vesin) on the systems of bench/export-systems.js, like bench/run.js:
single thread, one NeighborList object reused, distances and vectors, medians of repeats
(wall-clock, and CPU time of the process). n_threads=1 and copy=False: the native list
is reused and returned as views, so little but vesin's C++ is timed.
Usage: node bench/export-systems.js /tmp/systems.json && python3 bench/time-vesin.py /tmp/systems.json"""
import json
import sys
import time

import numpy as np
from vesin import NeighborList

systems = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "systems.json"))
for s in systems:
    points = np.array(s["positions"]).reshape(-1, 3)
    box = np.array(s["cell"], dtype=np.float64).reshape(3, 3)
    periodic = bool(s["pbc"][0])
    for full in (True, False):
        if not periodic and not full:
            continue
        nl = NeighborList(cutoff=s["cutoff"], full_list=full, n_threads=1)
        compute = lambda: nl.compute(points=points, box=box, periodic=periodic, quantities="ijSdD", copy=False)
        for _ in range(3):
            pairs = compute()
        wall, cpu = [], []
        start = time.perf_counter()
        while len(wall) < 7 or (time.perf_counter() - start < 1.5 and len(wall) < 200):
            c0, t0 = time.process_time(), time.perf_counter()
            compute()
            wall.append((time.perf_counter() - t0) * 1e3)
            cpu.append((time.process_time() - c0) * 1e3)
        print(f"{s['name']}\t{'full' if full else 'half'}\t{np.median(wall):.2f} ms wall\t{np.median(cpu):.2f} ms cpu\t{len(pairs[0])} pairs", flush=True)

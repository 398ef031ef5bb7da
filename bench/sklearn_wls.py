"""scikit-learn's weighted LinearRegression on the shapes of ProbeBenchmarks (88,572 rows; 64 and 576 random
features in [-1, 1) as float32; 3 targets; positive weights), for the comparison in bench/README.md. Run it on the
same machine in the same sitting as the C# benchmarks:  python3 bench/sklearn_wls.py
"""
import time

import numpy as np
from sklearn.linear_model import LinearRegression

rng = np.random.default_rng(0)
n = 88_572
w = rng.random(n) + 0.05
w /= w.sum()
y = rng.random((n, 3))
for p in (64, 576):
    x = (2 * rng.random((n, p)) - 1).astype(np.float32)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        LinearRegression().fit(x, y, sample_weight=w)
        times.append(time.perf_counter() - start)
    print(f"LinearRegression(sample_weight) {n:,} x {p} -> 3: median {np.median(times):.3f} s, min {min(times):.3f} s")

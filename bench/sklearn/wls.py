"""scikit-learn's weighted LinearRegression at the probe benchmark's shapes, for comparison with ProbeBenchmarks.

Same shapes as bench/BeliefGeometry.Bench/ProbeBenchmarks.cs: 88,572 rows (every Mess3 prefix at n_ctx 10), uniform
[-1, 1) float32 features (64 or 576 columns), a 3-wide target, one weight per row. The weights are the Mess3 prefix
probabilities when a run's activations/prefix_probabilities.npy is given, otherwise uniform random (the timing does not
depend on their values). Prints the median of repeated fits, in seconds.

    python3 bench/sklearn/wls.py [runs/mess3/activations/prefix_probabilities.npy]
"""
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression
from threadpoolctl import threadpool_info

ROWS = 88_572
rng = np.random.default_rng(0)
weights = np.load(sys.argv[1]) if len(sys.argv) > 1 else rng.random(ROWS)
assert weights.shape == (ROWS,), weights.shape
beliefs = rng.dirichlet(np.ones(3), size=ROWS)

print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; BLAS:",
      ", ".join(f"{i['internal_api']} {i.get('version')} ({i['num_threads']} threads)" for i in threadpool_info()))
for width in (64, 576):
    features = rng.uniform(-1, 1, size=(ROWS, width)).astype(np.float32)
    for dtype in (np.float32, np.float64):
        x = features.astype(dtype)
        times = []
        for _ in range(7):
            start = time.perf_counter()
            LinearRegression().fit(x, beliefs, sample_weight=weights)
            times.append(time.perf_counter() - start)
        print(f"WLS fit {ROWS:,} x {width} -> 3, X {np.dtype(dtype).name}: median {np.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}, 7 fits)")

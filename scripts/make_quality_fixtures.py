#!/usr/bin/env python3
"""Write Tests/FairHACCoreTests/Fixtures/sklearn_silhouette.json: silhouette scores computed by
scikit-learn (`sklearn.metrics.silhouette_score`, Euclidean) on small seeded datasets and labelings,
including singleton clusters (which score 0, as scikit-learn does).

Run from the repository root:  python3 scripts/make_quality_fixtures.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import silhouette_score

OUT = os.path.join("Tests", "FairHACCoreTests", "Fixtures", "sklearn_silhouette.json")


def main():
    cases = []
    for seed, (n, d, k) in enumerate([(10, 2, 3), (40, 3, 4), (75, 5, 6), (120, 2, 2), (60, 4, 10)]):
        rng = np.random.default_rng(100 + seed)
        X = np.round(rng.standard_normal((n, d)) + rng.integers(0, 4, size=(n, 1)) * 2.5, 6)
        labels = rng.integers(0, k, size=n)
        labels[: k] = np.arange(k)          # every cluster present
        if seed % 2 == 0:
            labels[-1] = k                  # a singleton cluster
        cases.append({
            "name": f"n{n}_d{d}_k{len(set(labels.tolist()))}",
            "X": X.tolist(),
            "labels": labels.tolist(),
            "silhouette": float(silhouette_score(X, labels, metric="euclidean")),
        })
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/make_quality_fixtures.py", "sklearn": sklearn.__version__,
                   "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()

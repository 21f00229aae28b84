"""scikit-learn's IsolationForest on the ODDS sets, for the forest package's
comparison command (forest/internal/compare, which runs this script).

For each set: fit IsolationForest(random_state=seed) with the defaults on all
rows, score all rows with -score_samples, and report the ROC-AUC per seed,
the mean fit time and the scoring rate, one JSON object per line. Exit
status 3 with a JSON error line when scikit-learn is missing.
"""

import argparse
import gzip
import json
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.ensemble import IsolationForest
    from sklearn.metrics import roc_auc_score
except ImportError as err:
    print(json.dumps({"error": "scikit-learn is not available: %s" % err}), flush=True)
    sys.exit(3)


def load(path):
    with gzip.open(path, "rt") as f:
        header = f.readline().strip().split(",")
        if header[-1] != "label":
            raise ValueError("%s: the last column must be label" % path)
        data = np.loadtxt(f, delimiter=",", ndmin=2)
    return data[:, :-1], data[:, -1] == 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("sets", nargs="+")
    args = parser.parse_args()
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__}), flush=True)
    for name in args.sets:
        X, y = load("%s/%s.csv.gz" % (args.dir, name))
        aucs, fit_seconds, score_seconds = [], [], []
        for seed in range(args.seeds):
            start = time.perf_counter()
            model = IsolationForest(random_state=seed).fit(X)
            fitted = time.perf_counter()
            scores = -model.score_samples(X)
            scored = time.perf_counter()
            aucs.append(roc_auc_score(y, scores))
            fit_seconds.append(fitted - start)
            score_seconds.append(scored - fitted)
        print(json.dumps({
            "set": name,
            "rows": int(X.shape[0]),
            "dims": int(X.shape[1]),
            "aucs": aucs,
            "fit_seconds": sum(fit_seconds) / len(fit_seconds),
            "score_rows_per_second": X.shape[0] / (sum(score_seconds) / len(score_seconds)),
        }), flush=True)


if __name__ == "__main__":
    main()

"""XGBoost's side of `npm run bench -- trees` (issue 5): the same data, the same hyperparameters, one thread.

Reads the float32 feature matrix and labels tools/bench/trees.js wrote, trains with tree_method="hist"
(timed around xgb.train only), saves the model as JSON for carta to import, times exact TreeSHAP
(pred_contribs) on the explained rows, and prints one JSON line: seconds, held-out AUC, peak RSS.
Run with Debian's interpreter (/usr/bin/python3, python3-xgboost); never needed by the tests or CI.
"""

import json
import resource
import sys
import time

import numpy as np
import xgboost as xgb


def auc(labels, scores):
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    positives = labels == 1
    n1 = positives.sum()
    n0 = len(labels) - n1
    return (ranks[positives].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def main():
    spec = json.loads(sys.argv[1])
    rows, cols = spec["rows"], spec["columns"]
    x = np.fromfile(spec["features"], dtype="<f4").reshape(rows, cols)
    y = np.fromfile(spec["labels"], dtype="<f4")
    test_rows = spec["test_rows"]
    x_test = np.fromfile(spec["test_features"], dtype="<f4").reshape(test_rows, cols)
    y_test = np.fromfile(spec["test_labels"], dtype="<f4")
    dtrain = xgb.DMatrix(x, label=y, missing=np.nan, nthread=1)
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": spec["depth"],
        "eta": spec["eta"],
        "max_bin": 256,
        "nthread": 1,
        "seed": 1,
    }
    start = time.perf_counter()
    booster = xgb.train(params, dtrain, num_boost_round=spec["trees"])
    train_seconds = time.perf_counter() - start
    booster.save_model(spec["model_out"])
    dtest = xgb.DMatrix(x_test, missing=np.nan, nthread=1)
    held_out_auc = auc(y_test, booster.predict(dtest))
    dexplain = xgb.DMatrix(x_test[: spec["explain_rows"]], missing=np.nan, nthread=1)
    start = time.perf_counter()
    booster.predict(dexplain, pred_contribs=True)
    shap_seconds = time.perf_counter() - start
    one = xgb.DMatrix(x_test[:1], missing=np.nan, nthread=1)
    booster.predict(one, pred_contribs=True)
    times = []
    for _ in range(50):
        start = time.perf_counter()
        booster.predict(one, pred_contribs=True)
        times.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "xgboost": xgb.__version__,
                "train_seconds": train_seconds,
                "shap_seconds": shap_seconds,
                "one_patient_ms_median": float(np.median(times) * 1000),
                "held_out_auc": float(held_out_auc),
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()

# Reference fixtures for carta's gradient-boosted tree learner (packages/trees/src/learner), computed
# by XGBoost itself.
#
# Writes, under packages/trees/test/fixtures/:
#   learner-exact.json       small data sets (500 rows, 4 features) and the trees XGBoost grows on
#                            them for each objective and for L1/L2, gamma, min_child_weight,
#                            max_delta_step, monotone constraints, loss-guided growth and case
#                            weights, node by node
#                            (children, split feature, split condition, default direction, leaf value,
#                            sum of hessians): carta's learner mirrors XGBoost's hist algorithm, so the
#                            trees must agree to float32 rounding.
#   learner-reference.json   the held-out comparison: 20,000 training and 10,000 test rows of a
#                            synthetic CAR-T-like cohort, the hyperparameters of each run and XGBoost's
#                            held-out AUC / RMSE; XGBoost's held-out margins for the Cox runs (so the
#                            TypeScript test computes Harrell's C for both with the same concordance)
#                            and for the runs without subsampling (to compare predictions row by row).
#   learner-reference.bin    gzip-compressed little-endian binary holding that cohort and those
#                            margins; learner-reference.json describes its layout.
#
# Rerun from the repository root after changing anything here:
#   /usr/bin/python3 tools/python/learner-reference.py
# Needs Debian's python3-xgboost 1.7.4, python3-numpy and python3-sklearn (XGBoost with nthread=1,
# tree_method="hist"). The fixtures are committed, so the TypeScript tests never need Python.

import gzip
import json
import os
import sys

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.metrics import mean_squared_error, roc_auc_score

if xgb.__version__ != "1.7.4":
    sys.exit(f"expected xgboost 1.7.4 (Debian python3-xgboost), found {xgb.__version__}")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "packages", "trees", "test", "fixtures")

GENERATED_BY = {
    "script": "tools/python/learner-reference.py",
    "rerun": "/usr/bin/python3 tools/python/learner-reference.py",
    "xgboost": xgb.__version__,
    "numpy": np.__version__,
    "sklearn": sklearn.__version__,
}


def f32_list(a):
    """float32 values written as the shortest decimal that reads back to the same float32."""
    return [None if np.isnan(v) else float(np.format_float_positional(np.float32(v), unique=True, trim="-"))
            for v in np.asarray(a, dtype=np.float32)]


def train(params, X, y, rounds, weights=None):
    full = {"tree_method": "hist", "nthread": 1, "seed": 0, **params}
    return xgb.train(full, xgb.DMatrix(X, label=y, weight=weights, missing=np.nan, nthread=1), rounds)


def trees_of(booster):
    model = json.loads(booster.save_raw("json"))
    out = []
    for t in model["learner"]["gradient_booster"]["model"]["trees"]:
        out.append({
            "left": t["left_children"],
            "right": t["right_children"],
            "feature": t["split_indices"],
            # split condition inside, leaf value (learning rate applied) at leaves
            "condition": f32_list(t["split_conditions"]),
            "defaultLeft": t["default_left"],
            "cover": f32_list(t["sum_hessian"]),
        })
    return out


# ---- small data sets, tree by tree --------------------------------------------------------------

def exact_data():
    rng = np.random.default_rng(17)
    n = 500
    age_band = rng.integers(0, 60, n).astype(np.float64)  # 60 distinct values: one bin each
    marker = np.round(rng.normal(size=n) * 32) / 32  # ~200 distinct values, 10% missing
    marker[rng.random(n) < 0.10] = np.nan
    ratio = rng.exponential(size=n)  # all distinct: goes through the quantile sketch's pruning
    bulky = (rng.random(n) < 0.4).astype(np.float64)
    bulky[rng.random(n) < 0.05] = np.nan
    X = np.column_stack([age_band, marker, ratio, bulky]).astype(np.float32)
    m = np.nan_to_num(marker, nan=0.8)
    b = np.nan_to_num(bulky, nan=0.5)
    lp = -1.0 + 0.03 * age_band + 0.8 * m + np.log(ratio + 0.2) + 0.7 * b * (m > 0)
    binary = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(np.float32)
    # integer times 1..30 give many ties; about 30% censored (negative label = censored)
    t_event = rng.exponential(size=n) * 12 * np.exp(-0.6 * lp)
    t_cens = rng.uniform(2, 40, size=n)
    time = np.clip(np.ceil(np.minimum(t_event, t_cens)), 1, 30)
    cox = np.where(t_event <= t_cens, time, -time).astype(np.float32)
    regression = (lp + rng.normal(size=n) * 0.5).astype(np.float32)
    weights = (0.25 + np.arange(n) % 4 * 0.5).astype(np.float32)
    return X, {"binary:logistic": binary, "survival:cox": cox, "reg:squarederror": regression}, weights


EXACT_RUNS = [
    {"name": "logistic", "objective": "binary:logistic", "rounds": 4, "params": {"max_depth": 3}},
    {"name": "cox", "objective": "survival:cox", "rounds": 4, "params": {"max_depth": 3}},
    {"name": "squared-error-regularised", "objective": "reg:squarederror", "rounds": 4,
     "params": {"max_depth": 3, "alpha": 0.5, "lambda": 2.0, "gamma": 0.3, "min_child_weight": 3.0,
                "max_bin": 32}},
    {"name": "logistic-monotone", "objective": "binary:logistic", "rounds": 4,
     "params": {"max_depth": 4, "monotone_constraints": [1, 0, -1, 0]}},
    {"name": "logistic-lossguide", "objective": "binary:logistic", "rounds": 4,
     "params": {"grow_policy": "lossguide", "max_leaves": 7, "max_depth": 0, "eta": 0.2}},
    {"name": "logistic-max-delta-step", "objective": "binary:logistic", "rounds": 3,
     "params": {"max_depth": 2, "max_delta_step": 0.3, "max_bin": 16}},
    {"name": "cox-monotone", "objective": "survival:cox", "rounds": 4,
     "params": {"max_depth": 3, "eta": 0.1, "monotone_constraints": [1, 0, 0, 0], "lambda": 0.5}},
    # case weights enter the quantile sketch, the gradients and the covers
    {"name": "logistic-weighted", "objective": "binary:logistic", "rounds": 3, "weighted": True,
     "params": {"max_depth": 3, "max_bin": 24}},
    {"name": "cox-weighted", "objective": "survival:cox", "rounds": 3, "weighted": True,
     "params": {"max_depth": 2}},
]


def write_exact():
    X, labels, weights = exact_data()
    runs = []
    for run in EXACT_RUNS:
        params = dict(run["params"], objective=run["objective"])
        if "monotone_constraints" in params:
            params["monotone_constraints"] = "(" + ",".join(str(c) for c in params["monotone_constraints"]) + ")"
        weighted = run.get("weighted", False)
        booster = train(params, X, labels[run["objective"]], run["rounds"], weights if weighted else None)
        runs.append({
            "name": run["name"],
            "objective": run["objective"],
            "rounds": run["rounds"],
            "params": run["params"],
            "weighted": weighted,
            "trees": trees_of(booster),
        })
    content = {
        "generatedBy": GENERATED_BY,
        "description": "XGBoost trees (nthread=1, tree_method=hist) on small data; row-major features, "
                       "null = missing; labels per objective (survival:cox: negative = censored)",
        "rows": X.shape[0],
        "columns": X.shape[1],
        "features": f32_list(X.reshape(-1)),
        "labels": {k: f32_list(v) for k, v in labels.items()},
        "weights": f32_list(weights),
        "runs": runs,
    }
    write_json("learner-exact.json", content)


# ---- held-out comparison on a larger cohort -----------------------------------------------------

# Each feature is stored as a uint16 code (65535 = missing); value = offset + code * scale with scale
# a power of two, so every value is exact in float32 and both sides see identical inputs.
FEATURES = [
    # name, offset, scale
    ("ageYears", 0.0, 1.0),
    ("ecog", 0.0, 1.0),
    ("ldhRatio", 0.0, 2.0 ** -8),
    ("crpMgPerL", 0.0, 2.0 ** -4),
    ("ctdnaLog10HgePerMl", -6.0, 2.0 ** -8),
    ("cd4Cd8Ratio", 0.0, 2.0 ** -8),
    ("bulkyDisease", 0.0, 1.0),
    ("priorLines", 0.0, 1.0),
    ("noiseNormal", -6.0, 2.0 ** -8),
    ("noiseUniform", 0.0, 2.0 ** -12),
]
MISSING_CODE = 65535
TIME_SCALE = 2.0 ** -5  # Cox times in months, stored as signed int16 codes (negative = censored)


def quantize(x, offset, scale):
    code = np.round((x - offset) / scale)
    code = np.clip(code, 0, MISSING_CODE - 1)
    code = np.where(np.isnan(x), MISSING_CODE, code).astype(np.uint16)
    value = np.where(code == MISSING_CODE, np.nan, offset + code.astype(np.float64) * scale)
    return code, value


def cohort():
    rng = np.random.default_rng(20240611)
    n = 30000
    raw = {
        "ageYears": rng.integers(18, 86, n).astype(np.float64),
        "ecog": rng.choice(3, n, p=[0.5, 0.35, 0.15]).astype(np.float64),
        "ldhRatio": np.exp(rng.normal(0, 0.6, n)),
        "crpMgPerL": np.exp(rng.normal(1.5, 1.0, n)),
        "ctdnaLog10HgePerMl": rng.normal(2, 1.2, n),
        "cd4Cd8Ratio": np.exp(rng.normal(0, 0.5, n)),
        "bulkyDisease": (rng.random(n) < 0.3).astype(np.float64),
        "priorLines": 1 + rng.binomial(3, 0.3, n).astype(np.float64),
        "noiseNormal": rng.normal(0, 1, n),
        "noiseUniform": rng.random(n),
    }
    raw["ldhRatio"][rng.random(n) < 0.12] = np.nan
    raw["crpMgPerL"][rng.random(n) < 0.15] = np.nan
    raw["ctdnaLog10HgePerMl"][rng.random(n) < 0.20] = np.nan
    codes, values = [], {}
    for name, offset, scale in FEATURES:
        c, v = quantize(raw[name], offset, scale)
        codes.append(c)
        values[name] = v
    v = values
    ldh_missing = np.isnan(v["ldhRatio"])
    crp_missing = np.isnan(v["crpMgPerL"])
    ct_missing = np.isnan(v["ctdnaLog10HgePerMl"])
    log_ldh = np.log(np.nan_to_num(v["ldhRatio"], nan=1.0))
    ctdna = np.nan_to_num(v["ctdnaLog10HgePerMl"], nan=2.0)
    # response (binary): nonlinear effects, interactions, informative missingness
    logit = (-0.8 + 0.03 * (v["ageYears"] - 60) + 0.5 * v["ecog"] + 0.02 * (v["ageYears"] - 60) * v["ecog"]
             + 1.0 * log_ldh + 0.4 * ldh_missing
             + 0.6 * (np.nan_to_num(v["crpMgPerL"], nan=0.0) > 20) + 0.3 * crp_missing
             + 0.5 * (ctdna - 2) * (1 + v["bulkyDisease"]) - 0.3 * v["bulkyDisease"]
             + 0.8 * np.sin(2 * v["cd4Cd8Ratio"]) + 0.6 * (v["priorLines"] >= 3))
    binary = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.uint8)
    # progression-free survival (Cox): proportional hazards with a nonlinear log hazard
    log_hazard = (0.03 * (v["ageYears"] - 60) + 0.4 * v["ecog"] + 0.8 * log_ldh + 0.3 * ldh_missing
                  + 0.4 * np.log(np.nan_to_num(v["crpMgPerL"], nan=5.0)) + 0.6 * np.tanh(ctdna - 2)
                  - 0.2 * ct_missing + 0.5 * v["bulkyDisease"] * (v["priorLines"] >= 2)
                  + 0.5 * np.cos(2 * v["cd4Cd8Ratio"]))
    t_event = rng.exponential(size=n) / (0.05 * np.exp(log_hazard))
    t_cens = rng.uniform(0, 60, size=n)
    t = np.minimum(np.minimum(t_event, t_cens), 60.0)
    time_code = np.clip(np.round(t / TIME_SCALE), 1, 32767).astype(np.int16)
    cox_code = np.where(t_event <= t_cens, time_code, -time_code).astype(np.int16)
    X = np.column_stack([values[name] for name, _, _ in FEATURES]).astype(np.float32)
    cox = cox_code.astype(np.float64) * TIME_SCALE
    return np.column_stack(codes), X, binary, cox_code, cox


N_TRAIN = 20000

REFERENCE_RUNS = [
    {"name": "logistic", "objective": "binary:logistic", "rounds": 150,
     "params": {"eta": 0.1, "max_depth": 4}},
    {"name": "cox", "objective": "survival:cox", "rounds": 200,
     "params": {"eta": 0.05, "max_depth": 3}},
    {"name": "logistic-monotone-lossguide", "objective": "binary:logistic", "rounds": 150,
     "params": {"eta": 0.1, "grow_policy": "lossguide", "max_leaves": 12, "max_depth": 0,
                "monotone_constraints": [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]}},
    {"name": "logistic-regularised-subsampled", "objective": "binary:logistic", "rounds": 150,
     "params": {"eta": 0.1, "max_depth": 5, "subsample": 0.7, "colsample_bytree": 0.8,
                "colsample_bynode": 0.8, "alpha": 2.0, "lambda": 5.0, "gamma": 0.5,
                "min_child_weight": 4.0}},
    {"name": "squared-error", "objective": "reg:squarederror", "rounds": 150,
     "params": {"eta": 0.1, "max_depth": 4}},
    {"name": "cox-monotone-subsampled", "objective": "survival:cox", "rounds": 200,
     "params": {"eta": 0.05, "max_depth": 3, "subsample": 0.8, "colsample_bytree": 0.7,
                "monotone_constraints": [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]}},
]


def write_reference():
    codes, X, binary, cox_code, cox = cohort()
    train_rows, test_rows = slice(0, N_TRAIN), slice(N_TRAIN, None)
    results = []
    margins = {}
    for run in REFERENCE_RUNS:
        params = dict(run["params"], objective=run["objective"])
        if "monotone_constraints" in params:
            params["monotone_constraints"] = "(" + ",".join(str(c) for c in params["monotone_constraints"]) + ")"
        y = cox if run["objective"] == "survival:cox" else binary.astype(np.float32)
        booster = train(params, X[train_rows], y[train_rows], run["rounds"])
        margin = booster.predict(xgb.DMatrix(X[test_rows], missing=np.nan), output_margin=True)
        entry = {"name": run["name"], "objective": run["objective"], "rounds": run["rounds"],
                 "params": run["params"]}
        if "subsample" not in run["params"] or run["objective"] == "survival:cox":
            margins[run["name"]] = margin.astype(np.float32)
            entry["heldOutMargins"] = "xgboostMargin:" + run["name"]
        if run["objective"] != "survival:cox":
            entry["heldOutAuc"] = float(roc_auc_score(binary[test_rows], margin))
        if run["objective"] == "reg:squarederror":
            entry["heldOutRmse"] = float(np.sqrt(mean_squared_error(binary[test_rows], margin)))
        results.append(entry)
    # subsampling draws from XGBoost's own random stream: the spread of held-out AUC over seeds
    # shows how much of a difference the stream alone makes
    run = REFERENCE_RUNS[3]
    spread = []
    for seed in range(1, 6):
        params = dict(run["params"], objective=run["objective"], seed=seed)
        booster = train(params, X[train_rows], binary[train_rows].astype(np.float32), run["rounds"])
        margin = booster.predict(xgb.DMatrix(X[test_rows], missing=np.nan), output_margin=True)
        spread.append(float(roc_auc_score(binary[test_rows], margin)))
    results[3]["heldOutAucOtherSeeds"] = spread

    n = codes.shape[0]
    blocks = []
    layout = []
    offset = 0

    def add(name, array, dtype, shape, note):
        nonlocal offset
        data = np.ascontiguousarray(array, dtype=dtype).tobytes()
        layout.append({"name": name, "dtype": np.dtype(dtype).name, "byteOffset": offset,
                       "shape": shape, "note": note})
        blocks.append(data)
        offset += len(data)

    add("featureCodes", codes.T, "<u2", [codes.shape[1], n],
        "column-major uint16 codes; value = offset + code * scale, 65535 = missing")
    add("binaryLabel", binary, "u1", [n], "response (1) or not (0)")
    add("coxLabel", cox_code, "<i2", [n], "time = |code| * timeScale months; negative = censored")
    for name, m in margins.items():
        add("xgboostMargin:" + name, m, "<f4", [n - N_TRAIN], "XGBoost's held-out margins (test rows)")
    blob = b"".join(blocks)
    with open(os.path.join(FIXTURES, "learner-reference.bin"), "wb") as fh:
        fh.write(gzip.compress(blob, compresslevel=9, mtime=0))
    content = {
        "generatedBy": GENERATED_BY,
        "description": "synthetic cohort (not patient data); the first trainRows rows train, the rest "
                       "are the held-out test set",
        "binaryFile": "learner-reference.bin",
        "compression": "gzip",
        "rows": n,
        "trainRows": N_TRAIN,
        "features": [{"name": name, "offset": off, "scale": scale} for name, off, scale in FEATURES],
        "missingCode": MISSING_CODE,
        "timeScale": TIME_SCALE,
        "layout": layout,
        "runs": results,
    }
    write_json("learner-reference.json", content)


def write_json(name, content):
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as fh:
        json.dump(content, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    os.makedirs(FIXTURES, exist_ok=True)
    write_exact()
    write_reference()

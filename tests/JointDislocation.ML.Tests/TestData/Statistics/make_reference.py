#!/usr/bin/python3
"""scikit-learn reference values for the Evaluation tests of JointDislocation.ML.

Run after make_reference.R (which writes cases/*.csv):
    cd tests/JointDislocation.ML.Tests/TestData/Statistics && /usr/bin/python3 make_reference.py
Needs scikit-learn (Debian: python3-sklearn). Writes sklearn_reference.json: for each case, roc_auc_score and
roc_curve(drop_intermediate=False) of the column `score`; for the cases whose scores are
probabilities, brier_score_loss and calibration_curve(n_bins=10, strategy="uniform") (non-empty bins only). scikit-learn before 1.3 puts thresholds[0] + 1 as the
first threshold where later versions put +inf (the convention JointDislocation.ML follows); the file records the
version, and the tests compare every threshold after the first.
"""
import csv
import glob
import json
import math
import os

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, roc_auc_score, roc_curve


def load(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    return np.array([int(r["label"]) for r in rows]), np.array([float(r["score"]) for r in rows])


def finite(x):
    return None if not math.isfinite(x) else float(x)


cases = []
for path in sorted(glob.glob(os.path.join("cases", "*.csv"))):
    labels, scores = load(path)
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    cases.append({
        "name": os.path.splitext(os.path.basename(path))[0],
        "auc": float(roc_auc_score(labels, scores)),
        "fpr": [float(v) for v in fpr],
        "tpr": [float(v) for v in tpr],
        "thresholds": [finite(v) for v in thresholds],
    })

calibration = []
for name in ["probabilities_logistic", "study_internal_like", "study_external_like", "beta_1000"]:
    labels, scores = load(os.path.join("cases", name + ".csv"))
    prob_true, prob_pred = calibration_curve(labels, scores, n_bins=10, strategy="uniform")
    # ECE with the same bins as calibration_curve: edges linspace(0, 1, 11), bin = searchsorted(inner edges, right).
    edges = np.linspace(0.0, 1.0, 11)
    ids = np.searchsorted(edges[1:-1], scores, side="right")
    ece = sum(abs(scores[ids == b].mean() - labels[ids == b].mean()) * np.sum(ids == b) / len(scores)
              for b in range(10) if np.any(ids == b))
    calibration.append({
        "ece": float(ece),
        "counts": [int(np.sum(ids == b)) for b in range(10)],
        "name": name,
        "brier": float(brier_score_loss(labels, scores)),
        "observed": [float(v) for v in prob_true],
        "predicted": [float(v) for v in prob_pred],
    })

with open("sklearn_reference.json", "w") as out:
    json.dump({"generator": "make_reference.py", "sklearn": sklearn.__version__, "cases": cases, "calibration": calibration}, out, indent=0)
    out.write("\n")
print(f"wrote {len(cases)} cases with scikit-learn {sklearn.__version__}")

#!/usr/bin/env python3
"""Writes examples/: the small files the README's examples name, drawn from the bundled UCI
datasets (Sources/FairHACIO/Datasets/Data/, CC BY 4.0; citations in its README.md).

Deterministic: the same rows every run (numpy's seeded generator). Run from the repository root:
    python3 scripts/make_examples.py
"""
import csv
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "Sources/FairHACIO/Datasets/Data"
OUT = ROOT / "examples"


def read(name, delimiter=","):
    with open(DATA / name, newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def write(name, header, rows):
    with open(OUT / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(2026)

    # customers.csv: bank marketing clients; marital status is the protected attribute.
    bank = read("bank.csv", delimiter=";")
    pick = sorted(rng.choice(len(bank), 1000, replace=False))
    write("customers.csv", ["age", "balance", "duration", "campaign", "marital", "education"],
          [[bank[i][c] for c in ["age", "balance", "duration", "campaign", "marital", "education"]] for i in pick])

    # credit.csv: credit card clients, EDUCATION numeric (1 graduate school ... 4-6 others), a few
    # cells missing (NA) to show --drop-missing.
    credit = read("default_of_credit_card_clients.csv")
    pick = sorted(rng.choice(len(credit), 2000, replace=False))
    cols = ["LIMIT_BAL", "AGE", "BILL_AMT1", "PAY_AMT1", "EDUCATION"]
    rows = [[credit[i][c] for c in cols] for i in pick]
    for r in rng.choice(len(rows), 12, replace=False):
        rows[r][int(rng.integers(0, 4))] = "NA"
    # EDUCATION 0 (undocumented in the source) is kept: the bins put it with graduate school (<= 1).
    write("credit.csv", cols, rows)

    # people.csv: census rows with two protected attributes, sex and age (numeric, binned by the example).
    adult = read("adult.csv")
    pick = sorted(rng.choice(len(adult), 1000, replace=False))
    cols = ["education-num", "hours-per-week", "capital-gain", "fnlwgt", "sex", "age"]
    write("people.csv", ["education", "hours", "capital_gain", "fnlwgt", "sex", "age"],
          [[adult[i][c] for c in cols] for i in pick])

    # distances.csv and groups.txt: a 60 x 60 Euclidean distance matrix (no header) of three
    # blobs in the plane, and one group label per line.
    centres = np.array([[0, 0], [6, 0], [3, 5]], dtype=float)
    points = np.vstack([c + rng.normal(size=(20, 2)) for c in centres])
    groups = rng.choice(["a", "b"], size=60, p=[0.4, 0.6])
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    with open(OUT / "distances.csv", "w") as f:
        for row in d:
            f.write(",".join(f"{v:.6f}" for v in row) + "\n")
    (OUT / "groups.txt").write_text("\n".join(groups) + "\n")

    # blobs.npy and blobs-groups.txt: 300 points of three blobs in 4-d, saved by numpy.save
    # (float64, rows x features), and one group label per line.
    centres = np.array([[0, 0, 0, 0], [5, 0, 2, 0], [0, 5, 0, 2]], dtype=float)
    blobs = np.vstack([c + rng.normal(size=(100, 4)) for c in centres])
    np.save(OUT / "blobs.npy", np.ascontiguousarray(blobs))
    (OUT / "blobs-groups.txt").write_text("\n".join(rng.choice(["a", "b"], size=300, p=[0.3, 0.7])) + "\n")


if __name__ == "__main__":
    main()

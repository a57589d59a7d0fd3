# The reference for `npm run bench -- learning`: scikit-learn on the same columns and the same split as bant.
# Reads the JSON the bench writes ({numeric: {name: [number|null]}, categorical: {name: [text|null]}, label,
# heldOut}) and prints the held-out AUCs as JSON. Logistic regression as people usually run it: numbers
# imputed with the median (plus a "was missing" indicator) and standardised, categories one-hot (missing as a
# category of its own), C = 1. Gradient boosting is the "aim higher" reference of the issue.
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from scipy import sparse

with open(sys.argv[1], encoding="utf-8") as file:
    data = json.load(file)
numeric_names = list(data["numeric"])
categorical_names = list(data["categorical"])
n = len(data["label"])
numbers = np.array([[np.nan if v is None else v for v in data["numeric"][name]] for name in numeric_names], dtype=float).T.reshape(n, len(numeric_names))
categories = np.array([["(missing)" if v is None else v for v in data["categorical"][name]] for name in categorical_names], dtype=object).T.reshape(n, len(categorical_names))
label = np.array(data["label"], dtype=int)
held_out = np.array(data["heldOut"], dtype=bool)
learn = ~held_out

result = {"rows": n, "learning": int(learn.sum()), "heldOut": int(held_out.sum())}

# Logistic regression.
start = time.perf_counter()
parts_learn, parts_held = [], []
if numeric_names:
    imputer = SimpleImputer(strategy="median", add_indicator=True).fit(numbers[learn])
    scaler = StandardScaler().fit(imputer.transform(numbers[learn]))
    parts_learn.append(sparse.csr_matrix(scaler.transform(imputer.transform(numbers[learn]))))
    parts_held.append(sparse.csr_matrix(scaler.transform(imputer.transform(numbers[held_out]))))
if categorical_names:
    encoder = OneHotEncoder(handle_unknown="ignore").fit(categories[learn])
    parts_learn.append(encoder.transform(categories[learn]))
    parts_held.append(encoder.transform(categories[held_out]))
x_learn = sparse.hstack(parts_learn).tocsr()
x_held = sparse.hstack(parts_held).tocsr()
model = LogisticRegression(C=1.0, max_iter=5000).fit(x_learn, label[learn])
result["logisticAuc"] = roc_auc_score(label[held_out], model.decision_function(x_held))
result["logisticSeconds"] = time.perf_counter() - start
result["logisticColumns"] = x_learn.shape[1]

# Gradient boosting, categories as codes it splits on directly.
start = time.perf_counter()
ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan).fit(categories[learn]) if categorical_names else None
def boosting_input(rows):
    parts = [numbers[rows]]
    if ordinal is not None:
        parts.append(ordinal.transform(categories[rows]))
    return np.hstack(parts)
is_categorical = [False] * len(numeric_names) + [True] * len(categorical_names)
boosting = HistGradientBoostingClassifier(categorical_features=np.array(is_categorical), random_state=0).fit(boosting_input(learn), label[learn])
result["boostingAuc"] = roc_auc_score(label[held_out], boosting.predict_proba(boosting_input(held_out))[:, 1])
result["boostingSeconds"] = time.perf_counter() - start

print(json.dumps(result))

"""FairHAC from Python: fair hierarchical agglomerative clustering over the Swift core.

- ``fairhac.linkage(X, method, metric)``: scipy's linkage matrix Z (vanilla HAC).
- ``fairhac.FairAgglomerativeClustering``: a scikit-learn estimator for FHAC, vanilla HAC and
  the AFHAC baselines, with fairness and quality of the result.
- ``fairhac.tune(X, groups, ...)``: the grid search of ``fairhac tune`` with its recommendation.
- ``fairhac.make_fair(Z, groups, ...)``: fair post-processing of any tree (fair at every level).
"""

from ._estimator import FairAgglomerativeClustering
from ._linkage import linkage
from ._make_fair import MakeFairResult, make_fair
from ._tune import TuneResult, tune

__all__ = ["FairAgglomerativeClustering", "MakeFairResult", "TuneResult", "linkage", "make_fair", "tune"]
__version__ = "0.1.0"

"""FairHAC from Python: fair hierarchical agglomerative clustering over the Swift core.

- ``fairhac.linkage(X, method, metric)``: scipy's linkage matrix Z (vanilla HAC).
- ``fairhac.FairAgglomerativeClustering``: a scikit-learn estimator for FHAC, vanilla HAC and
  the AFHAC baselines, with fairness and quality of the result.
- ``fairhac.tune(X, groups, ...)``: the search of ``fairhac tune`` with its recommendation.
- The summarised form past the distance matrix (``form="summarised"``), and its driver steps for a
  distributed summary: ``fairhac.summarised_top`` (the top over given micro-cluster summaries),
  ``fairhac.assemble_linkage`` (the global Z) and ``fairhac.member_sample`` (the documented sample).
- ``fairhac.make_fair(Z, groups, ...)``: fair post-processing of any tree (fair at every level).
"""

from . import _native
from ._linkage import linkage
from ._params import InvalidParameterError
from ._summarised import assemble_linkage, member_key, member_sample, summarised_top
from ._make_fair import MakeFairResult, make_fair
from ._results import LevelFairness, Recommendation
from ._tune import TuneResult, tune
from ._warnings import (AutoFallbackWarning, DegeneratePartitionWarning, FairHACWarning, LessFairWarning,
                        QualityLossWarning, ThreadsClampedWarning)

__all__ = [
    "AutoFallbackWarning", "DegeneratePartitionWarning", "FairAgglomerativeClustering", "FairHACWarning",
    "InvalidParameterError", "LessFairWarning", "LevelFairness", "MakeFairResult", "QualityLossWarning", "Recommendation",
    "ThreadsClampedWarning", "TuneResult", "assemble_linkage", "linkage",
    "make_fair", "member_key", "member_sample", "summarised_top", "tune",
]
__version__ = _native.VERSION


def __getattr__(name):
    # The estimator is a scikit-learn one, and importing scikit-learn takes seconds: it is loaded on
    # first use, so that `import fairhac` (fairhac.linkage, Spark's workers) stays well under 0.5 s.
    if name == "FairAgglomerativeClustering":
        from ._estimator import FairAgglomerativeClustering

        globals()[name] = FairAgglomerativeClustering
        return FairAgglomerativeClustering
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))

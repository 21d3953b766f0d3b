"""The warnings fairhac gives, where the CLI prints a `warning:` line or a note.

Filter them as any Python warning, e.g. ``warnings.simplefilter("ignore", fairhac.FairHACWarning)``.
"""


class FairHACWarning(UserWarning):
    """Base class of fairhac's warnings."""


class DegeneratePartitionWarning(FairHACWarning):
    """The k-partition has a cluster under min_cluster_size points (default max(2, ceil(n / 100))),
    as the CLI's "warning: the k = ... partition is degenerate"."""


class AutoFallbackWarning(FairHACWarning):
    """auto=True found no setting fairer than vanilla HAC within the quality constraints, so the
    result is vanilla HAC's (``auto_["used"] == "vanilla"``), as the CLI's --auto line says."""


class ThreadsClampedWarning(FairHACWarning):
    """n_jobs asked for more threads than the machine has cores; the cores available are used."""


class LessFairWarning(FairHACWarning):
    """The fair result is less fair than vanilla HAC's on the same data (MFC higher or balance
    lower), as the CLI's "warning: the fair result is less fair than vanilla HAC's"."""


class QualityLossWarning(FairHACWarning):
    """The fair result loses more of vanilla HAC's silhouette than max_quality_loss allows."""


def warn_notices(notices, stacklevel=3):
    """The core's notices (the result's "notices") as warnings, by kind, as the CLI prints them."""
    import warnings

    categories = {"degenerate": DegeneratePartitionWarning, "auto_fallback": AutoFallbackWarning,
                  "threads_clamped": ThreadsClampedWarning, "less_fair": LessFairWarning, "quality_loss": QualityLossWarning}
    for notice in notices:
        warnings.warn(notice["text"], categories.get(notice["kind"], FairHACWarning), stacklevel=stacklevel + 1)

import os

import numpy as np
import pytest


@pytest.fixture
def rng(request):
    """A seeded generator; the seed is printed so that a failure can be replayed (FAIRHAC_SEED=...)."""
    seed = int(os.environ.get("FAIRHAC_SEED", np.random.SeedSequence().entropy % 2**32))
    print(f"seed {seed} ({request.node.name})")
    return np.random.default_rng(seed)

"""Place mentions to ACLED locations (``locations``).

The gazetteer and geodesy moved to the base layer ``rasd.geo`` (below both ``recognize`` and
``resolve``); ``rasd.resolve.gazetteer`` and ``rasd.resolve.geo`` stay importable as aliases of
``rasd.geo.gazetteer`` and ``rasd.geo.distance`` for older callers.
"""

import sys

from rasd.geo import distance as _distance
from rasd.geo import gazetteer as _gazetteer

sys.modules[__name__ + ".gazetteer"] = _gazetteer
sys.modules[__name__ + ".geo"] = _distance

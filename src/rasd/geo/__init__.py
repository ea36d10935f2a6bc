"""The base geographic layer, below both ``recognize`` and ``resolve`` (and usable by ``store``):
geodesy (``distance``), the country table (``countries``) and the gazetteer of provinces and places
(``gazetteer``). It depends only on ``rasd.text`` (to normalize Arabic names) and the data files."""

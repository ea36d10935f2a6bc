"""One module per schema revision, applied in order by ``rasd.store.db.migrate``."""

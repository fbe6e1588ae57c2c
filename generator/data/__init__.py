"""Stage 1: the data — schema, loading with locations, validation, provenance."""

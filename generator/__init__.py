"""The site generator: data → generate → engine (render shards) → finish (see README.md)."""

"""Stage 2: the site model and what is generated from it (pages as Markdown, charts, downloads, feeds)."""

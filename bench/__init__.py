"""Measurements, not product code: build time, memory, page weight, Lighthouse, synthetic cities,
and the local server that the tests and Lighthouse use (see README.md)."""

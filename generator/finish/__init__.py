"""Finish stage: steps that run on the finished site folder, after MkDocs has written it."""

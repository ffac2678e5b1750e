"""Extractors: each reads the normalised text (and sections) and returns findings with spans."""

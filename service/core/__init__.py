"""Core: one document from bytes to the contract's Report — ingest, normalise, the text layer, sections, tables,
extractors, checks, the trained models and `pipeline.Pipeline` that runs them in order. Imports base only."""

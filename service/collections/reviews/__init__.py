"""Reviewers' decisions and cell corrections: stored apart from the extracted result, checks re-run on corrected cells."""
from service.collections.reviews.recheck import apply_corrections, recheck
from service.collections.reviews.store import ReviewState, load_state, record_correction, record_review, review_summaries

__all__ = ["ReviewState", "apply_corrections", "load_state", "recheck", "record_correction", "record_review",
           "review_summaries"]

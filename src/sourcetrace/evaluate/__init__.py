"""Evaluation against annotated corpora (PAN text alignment measures)."""

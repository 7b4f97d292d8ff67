"""Renderers of a check report: the HTML page (report.html) and ClaimReview JSON-LD (report.claimreview)."""

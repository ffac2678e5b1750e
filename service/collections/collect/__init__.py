"""Collecting reports where they are published: list pages, detail pages and attachments, fetched through a guard
that cannot be turned inward (addresses.py), one pinned connection per checked address (fetch.py), robots.txt
(robots.py), list/detail parsing (pages.py), the crawl that yields documents (crawl.py) and the resumable run (run.py)."""

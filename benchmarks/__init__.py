"""``make bench``: import, reopen, query, alignment, brief and view timings on each store."""

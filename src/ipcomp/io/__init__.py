"""Files in and out: claims from CSV, JSON and JSON Lines, and back (:mod:`ipcomp.io.records`)."""

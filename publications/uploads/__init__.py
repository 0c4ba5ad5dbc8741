"""Uploaded PDFs on their way to the public (issue 15): rebuilt without anything that could carry
a name where a reader would not look (sanitise.py), then read as a reader sees them, by layout
and by OCR, in the worker (reading.py)."""

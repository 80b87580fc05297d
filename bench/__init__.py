"""Performance benchmarks of gecko-apply against the embedded sandbox (``bench/run.py``)."""

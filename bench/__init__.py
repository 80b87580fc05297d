"""Performance benchmarks of gecko-apply against the embedded sandbox (see bench/README.md)."""

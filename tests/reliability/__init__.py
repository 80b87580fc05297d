"""Reliability: convergence under faults and interruption, bad API answers, secrets."""

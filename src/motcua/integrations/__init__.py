"""External systems, one Django sub-app each."""

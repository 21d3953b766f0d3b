// Placeholder; the report views live in this target.

"""Local adapters for the core's ports (no AWS)."""

"""The hostile-input suite (issue 14)."""

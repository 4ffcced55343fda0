"""Station ↔ hub sync: station credentials and signed requests (push and pull: issue #5)."""

"""The station manager's jobs: create, edit, close, import from files, export."""

"""The staff console under /staff: accounts, today's queue, the lobby display."""

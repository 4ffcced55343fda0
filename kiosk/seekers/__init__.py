"""Finding a registered person at the desk, their visits, and jobs that suit them."""

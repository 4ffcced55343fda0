"""Station settings: the service list, opening hours, slot capacity and the printer."""

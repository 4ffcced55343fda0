"""Walk-in queue tickets: a number per service and day (A001, B001…) without an appointment."""

"""Appointments for a station's services: pick a service, a day and a time; get a slip."""

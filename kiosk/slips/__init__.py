"""Slips: drawn on the server as a 1-bit raster, shown on screen and sent as ESC/POS."""

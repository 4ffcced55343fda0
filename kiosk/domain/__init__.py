"""Shared domain pieces every feature may use: reference data, stations, text rules. Like the
web layer, they import no feature."""

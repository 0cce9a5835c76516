"""Vigía: safe reporting, warnings and a verified register for sex-worker-led organizations."""

__version__ = "0.1.0"

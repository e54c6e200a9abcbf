"""Reflect: private after-session self-evaluation for mental-health practitioners."""

__version__ = "0.1.0"

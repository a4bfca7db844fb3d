"""Thin views of the safety app, one module per sub-topic (urls.py wires them)."""

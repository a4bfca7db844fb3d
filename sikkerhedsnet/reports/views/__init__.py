"""Thin views of the reports app, one module per report (style.md §1: a package by sub-topic)."""

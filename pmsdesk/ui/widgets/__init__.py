"""Widgets, table models and display formatting shared by the screens."""

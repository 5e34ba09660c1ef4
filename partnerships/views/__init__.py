"""Views of the partnerships app, one module per group of pages."""

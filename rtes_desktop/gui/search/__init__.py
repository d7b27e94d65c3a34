"""Searching: the search field, the controller that asks the core, the results list
and its facets."""

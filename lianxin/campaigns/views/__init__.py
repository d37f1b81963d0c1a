"""The campaign app's pages, one module per part of the work."""

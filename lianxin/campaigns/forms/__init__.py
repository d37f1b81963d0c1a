"""The campaign app's forms: setting up, the work, and the inspector's."""

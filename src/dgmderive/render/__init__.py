"""Renderers: one walk over the items of a checked derivation, a renderer per target."""

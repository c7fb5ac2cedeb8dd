"""The checker: each step in, one verdict out."""

from dgmderive.checking.cascade import check

__all__ = ["check"]

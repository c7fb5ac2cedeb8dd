"""The checker: each step in, one verdict out (:mod:`memory` remembers, :mod:`cascade` decides)."""

from dgmderive.checking.memory import check

__all__ = ["check"]

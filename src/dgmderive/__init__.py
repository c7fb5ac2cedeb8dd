"""dgmderive: derive, machine-check step by step, and typeset mathematical solutions.

The names below are imported when first used, so that a script (or ``dgmderive list``) that only
builds derivations does not load the checker.
"""

from importlib import import_module

EXPORTS = {
    "Answer": "dgmderive.derivation",
    "Derivation": "dgmderive.derivation",
    "Given": "dgmderive.derivation",
    "Growth": "dgmderive.derivation",
    "Labeled": "dgmderive.derivation",
    "Metadata": "dgmderive.derivation",
    "Part": "dgmderive.derivation",
    "Question": "dgmderive.derivation",
    "Step": "dgmderive.derivation",
    "Words": "dgmderive.derivation",
    "Written": "dgmderive.derivation",
    "part": "dgmderive.derivation",
    "Relation": "dgmderive.relation",
    "Level": "dgmderive.verdict",
    "Verdict": "dgmderive.verdict",
    "Expectation": "dgmderive.probability",
    "density": "dgmderive.probability",
    "kl": "dgmderive.probability",
    "TeX": "dgmderive.notation",
    "tex_symbols": "dgmderive.notation",
    "ParseError": "dgmderive.parse",
    "parse_expression": "dgmderive.parse",
    "check": "dgmderive.claims",
    "CheckedDerivation": "dgmderive.checked",
    "verify": "dgmderive.checked",
}

__all__ = sorted(EXPORTS)


def __getattr__(name: str):
    if name not in EXPORTS:
        raise AttributeError(f"module 'dgmderive' has no attribute {name!r}")
    value = getattr(import_module(EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__

"""dgmderive: derive, machine-check step by step, and typeset mathematical solutions."""

from dgmderive.checked import CheckedDerivation, verify
from dgmderive.claims import check
from dgmderive.derivation import Answer, Derivation, Given, Growth, Labeled, Question, Step, Words, Written
from dgmderive.parse import ParseError
from dgmderive.relation import Relation
from dgmderive.verdict import Level, Verdict

__all__ = ["Answer", "CheckedDerivation", "Derivation", "Given", "Growth", "Labeled", "Level", "ParseError", "Question", "Relation",
           "Step", "Verdict", "Words", "Written", "check", "verify"]

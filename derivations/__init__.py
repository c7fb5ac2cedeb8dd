"""The assignment's questions, one SymPy script each, in the order of the sheet."""

from dgmderive import Metadata

METADATA = Metadata(title="Deep generative models")

QUESTIONS = [
    "q1_masked_convolutions",
    "q2_reparameterization",
    "q3_amortized_inference",
    "q4_importance_weighting",
    "q5_flow_invertibility",
    "q6_gan_dynamics",
]

# The assignment's sub-questions: each is answered by one part (parts beyond them are marked extra).
SUB_QUESTIONS = ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.1", "4.2",
                 "5.1", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3")

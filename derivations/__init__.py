"""The assignment's questions, one SymPy script each, in the order of the sheet."""

QUESTIONS = [
    "q1_masked_convolutions",
    "q2_reparameterization",
    "q3_amortized_inference",
    "q4_importance_weighting",
    "q5_flow_invertibility",
    "q6_gan_dynamics",
]

"""The assignment's questions, one SymPy script each, in the order of the sheet."""

QUESTIONS = ["q6_gan_dynamics"]

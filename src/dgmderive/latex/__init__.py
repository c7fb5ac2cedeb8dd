"""LaTeX out: render checked derivations, assemble the sheet, compile it."""

"""The error of a command that cannot go on (its message says why in one line), in a module of
its own so that the command line can catch it before anything heavy is imported."""


class BuildError(Exception):
    """The build cannot go on; the message says why in one line."""

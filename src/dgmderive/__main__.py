from dgmderive.cli import run

run()

"""The Typer command line: thin commands that parse, call one core function, and render."""

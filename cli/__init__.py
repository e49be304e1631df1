"""The `securebase` command line: one typer sub-app per noun, each a thin layer over the
application and its queries."""

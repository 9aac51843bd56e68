"""Analyses: pure functions, graph or corpus in, plain rows out (they call ``nx.*`` so NetworkX
backends can take over)."""

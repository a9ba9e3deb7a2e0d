"""Regional monitors: indicators, the Index071 composite index, retail, business parks, impact."""

// Placeholder until this tool lands.
print("election-bench: not built yet")

// Placeholder until this tool lands.
print("election-node: not built yet")

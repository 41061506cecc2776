// Placeholder until this tool lands.
print("election-watch: not built yet")

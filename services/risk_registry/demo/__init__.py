"""Demo plant: its data and the loader that registers it through the command handlers."""

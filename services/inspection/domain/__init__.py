"""The pure domain of inspection: official codes, the working calendar, cycles and their windows,
and the rules on them. No I/O."""

"""The pure domain of government sync: snapshots, dialect adapters, local validation, the
encrypted envelope, content hashes and the batch splitter. No I/O here."""

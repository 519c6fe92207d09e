"""The identity domain: accounts, sessions and service accounts — pure Python, no I/O."""

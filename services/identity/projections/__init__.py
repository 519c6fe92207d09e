"""Read models: the accounts, sessions and service accounts (inline), the directory (a replica)."""

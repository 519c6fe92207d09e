"""Gov sync\x27s commands and handlers."""

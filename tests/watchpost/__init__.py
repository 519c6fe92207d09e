"""A test-only service, `watchpost`: it keeps a log book of the risk registry's org units, learnt
from the registry's events alone (a reactor), and a local replica of the units (a replica). Small
enough to read in a minute; real enough to run as a child process under `kill -9`."""

"""Real local receivers for the government platforms' dialects (issue 15's proof): see README.md."""

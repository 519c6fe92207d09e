"""HTTP: sign-in and tokens, the enterprise's account administration, the platform's regulators."""

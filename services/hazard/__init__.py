"""Hazard governance (隐患治理): the closed loop of a hidden hazard from report to 销号 (issue 13)."""

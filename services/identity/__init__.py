"""身份认证 (identity): signs people in and issues the tokens every service checks.

People of the enterprise directory sign in with their mobile number and a password; an
enterprise's administrators, the regulators (监管人员) and the platform's integrators (接口调用方,
service accounts) have accounts of their own here. The service learns the directory from the
risk registry's events only (a replica and a reactor), keeps password and token hashes out of
its event log (docs/decisions.md §34), and records every sign-in, failure, lock-out and
revocation as an event, which the audit trail follows.
"""

"""Alerting's outbound channels (issue 14): DingTalk and WeCom group robots, e-mail over SMTP and
signed generic webhooks, behind one port `send(delivery) -> Outcome`.

`domain/` is pure: what a delivery and an outcome are, the platforms' signatures, which answers
are worth a retry, the retry schedule and dead-letter decision, the Chinese text of an alert,
quiet hours and the one-message-per-alert-and-level rule. `adapters/` talk to the platforms."""

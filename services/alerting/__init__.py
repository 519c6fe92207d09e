"""Alerts that climb the org tree (临期/超期逐级提醒, 处置, 销警): raised from other services' events,
escalated on the clock, delivered to each person's in-app inbox, every attempt an event."""

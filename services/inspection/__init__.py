"""Inspection (隐患排查): check tasks, their cycles on the Chinese working calendar, the occurrences
each cycle yields, and the check records the field sends back (issue 12). So far the pure domain."""

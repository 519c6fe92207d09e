"""Inspection (隐患排查): check tasks, their cycles on the Chinese working calendar, the occurrences
each cycle yields, and the check records the field sends back (issue 12). So far: a check task per
control measure controlled by inspection, drawn up by a reactor on the risk registry's events, and
its cycle, set by the safety management."""

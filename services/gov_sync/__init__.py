"""Government data sync (政企数据互联互通, issue 15): current-state snapshots of the risk chain,
inspection and hazards, mapped by one adapter per government platform dialect."""

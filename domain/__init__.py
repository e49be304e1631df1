"""The practice model as code: aggregates, events, commands and rules. No I/O."""

"""Reports: dashboards, charts, CSV exports and the annual impact report, aggregated in SQL."""

"""The day's meal on the tablet: the diners' pages, coordinator mode and the JSON API."""

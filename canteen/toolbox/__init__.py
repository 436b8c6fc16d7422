"""The network's resource library: sheets, booklets, templates, videos and podcasts."""

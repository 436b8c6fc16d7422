"""Running canteens that mentor new projects, and the match that pairs them."""

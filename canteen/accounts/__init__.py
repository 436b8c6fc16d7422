"""People who sign in on the staff side: network staff and canteen coordinators."""

"""Volunteers: weekly shift patterns, shifts, sign-ups without an account, waiting lists."""

"""Canteen projects on their way from first contact to first meal."""

"""Pilot-domain data files, shipped as package data of catalog.domain_data."""

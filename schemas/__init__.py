"""Published JSON Schemas, shipped as package data of catalog.schema_data."""

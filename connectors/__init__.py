"""Vendor connectors: one adapter per vendor, sharing `connectors.base.Connector`."""

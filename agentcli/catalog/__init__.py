"""The canonical product model: one vocabulary for products sold on several marketplaces."""

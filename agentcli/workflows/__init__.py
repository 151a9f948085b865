"""Durable sagas: definitions, the journal, and the local engine that runs them."""

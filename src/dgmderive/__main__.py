from dgmderive.cli import main

raise SystemExit(main())

from catbird.cli import main

raise SystemExit(main())

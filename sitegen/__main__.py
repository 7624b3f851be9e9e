from sitegen.cli.main import main

raise SystemExit(main())

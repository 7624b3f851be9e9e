from sitegen.cli.main import run

run()

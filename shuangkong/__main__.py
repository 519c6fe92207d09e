"""`python -m shuangkong …`: the command line, as the supervisor and the tests start it."""

from shuangkong.cli import main

main()

"""`python -m parity`."""

from parity.launch import main

main()

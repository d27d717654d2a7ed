"""`make bench` (run.py) and the comparison with bakerydemo (compare.py); not part of the site."""

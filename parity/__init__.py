"""parity: is customer service the same on every channel?"""

__version__ = "0.1.0"

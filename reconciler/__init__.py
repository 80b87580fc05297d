"""gecko-apply: catalogue-as-code for TradeGecko."""

__version__ = "0.1.0"

"""Sources: query -> fetch raw bytes -> parse -> rows, for local files and live providers."""

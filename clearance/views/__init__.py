"""The clearance app's pages, one module per area (the same names as services/)."""

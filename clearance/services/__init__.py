"""Every state change of the clearance app, one module per area."""

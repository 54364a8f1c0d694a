"""Default data (the ten partners) and synthetic demo stories."""

"""Pure math of the addon: no ORM here, so it is unit-tested on plain data."""
